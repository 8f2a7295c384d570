import Foundation
import Testing

extension Tag {
    /// Tests that start other programs — the built enkat binary, Python, LibreOffice,
    /// Chromium. `scripts/test` (and CI) runs them; `scripts/test-fast` reports them skipped.
    @Tag static var slow: Self
}

/// Which tests run: all of them (`scripts/test`, CI), or the fast tier for editing
/// (`ENKAT_TESTS=fast`, `scripts/test-fast`).
enum TestTier {
    static let fastOnly = ProcessInfo.processInfo.environment["ENKAT_TESTS"] == "fast"
    /// CI installs every tool the tests use, so there a missing tool fails instead of skipping.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
}

extension Trait where Self == ConditionTrait {
    /// A slow test or suite: reported as skipped under `ENKAT_TESTS=fast`.
    static var slowTier: Self {
        .enabled(if: !TestTier.fastOnly, "a slow test: scripts/test-fast skips it, scripts/test runs it")
    }

    /// A test that needs an external tool: when the tool is missing it is reported as skipped
    /// with `reason` — never passed — and in CI, which installs every tool, it runs and fails.
    static func needs(_ available: Bool, _ reason: Comment) -> Self {
        .enabled(if: available || TestTier.inCI, reason)
    }
}
