/// The version printed by `soracost --version` and recorded in JSON reports.
public enum SoraCostVersion {
    public static let current = "0.1.0"
}
