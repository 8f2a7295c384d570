import Crypto
import Foundation
import HummingbirdBcrypt

/// The secrets of a round: respondent link tokens, admin session ids, CSRF tokens and the
/// admin password. Tokens are 256 random bits from the system's generator, written as
/// base64url; only their SHA-256 is stored.
enum RoundSecrets {
    /// The bcrypt cost for the admin password in production (2^12 rounds).
    static let productionCost: UInt8 = 12
    /// The lowest cost accepted, for tests (`ENKAT_BCRYPT_COST`).
    static let lowestCost: UInt8 = 4

    /// The cost to use: `ENKAT_BCRYPT_COST` when set to 4…31 (for tests), else 12.
    static var cost: UInt8 {
        if let text = ProcessInfo.processInfo.environment["ENKAT_BCRYPT_COST"], let value = UInt8(text),
            (lowestCost...31).contains(value)
        {
            return value
        }
        return productionCost
    }

    /// `count` random bytes from `SystemRandomNumberGenerator` (the kernel's CSPRNG).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A new token: 32 random bytes (256 bits) as base64url without padding (43 characters).
    static func newToken() -> String {
        base64url(randomBytes(32))
    }

    /// Whether `text` looks like a token this module issues (43 base64url characters), so
    /// that nothing else is ever hashed or looked up.
    static func isWellFormedToken(_ text: Substring) -> Bool {
        text.utf8.count == 43
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }

    /// The stored form of a token: its SHA-256 in lowercase hex.
    static func hash(_ token: String) -> String {
        hex(Array(Crypto.SHA256.hash(data: Array(token.utf8))))
    }

    /// An HMAC-SHA256 of `message` under `key`, as base64url: the respondent pages' CSRF token
    /// (keyed by the round's secret, bound to the link's hash).
    static func mac(_ message: String, key: [UInt8]) -> String {
        let code = HMAC<Crypto.SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
        return base64url(Array(code))
    }

    /// Compares two strings in time that depends only on their lengths.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// The bcrypt hash of a password.
    static func hashPassword(_ password: String, cost: UInt8 = RoundSecrets.cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches a bcrypt hash.
    static func verifyPassword(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
