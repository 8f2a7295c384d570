import Testing
@testable import EnkatServer

@Suite("The web form server")
struct ServerSmokeTests {
    @Test("it serves on loopback only")
    func loopback() {
        #expect(EnkatServerInfo.host == "127.0.0.1")
    }
}
