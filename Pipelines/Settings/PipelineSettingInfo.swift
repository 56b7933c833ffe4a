/// One setting a pipeline reads, for listings and for rejecting misspelt names: its name, its default as
/// text, and what it does.
public struct PipelineSettingInfo: Sendable, Hashable {
    /// The name given to `--set name=value` (or `SLIPSTREAM_SET_NAME`, or `settings:` in a YAML file).
    public let name: String
    /// The default, as it would be written.
    public let defaultValue: String
    /// What it does, in one line.
    public let summary: String

    /// Describes a setting.
    public init(_ name: String, default defaultValue: String, _ summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.summary = summary
    }
}
