/// The local web form for drafting a response (`enkat serve`). See `FormServer`.
public enum EnkatServerInfo {
    /// The address the form is served on: the loopback interface only.
    public static let host = "127.0.0.1"
}
