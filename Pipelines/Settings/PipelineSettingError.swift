/// A pipeline setting that is not valid: which one, what it wants, what it got.
public struct PipelineSettingError: Error, Sendable, CustomStringConvertible {
    /// The setting's name.
    public let name: String
    /// The whole message.
    public let description: String

    /// A value that does not fit: "setting 'label-window' wants a duration such as 30d, got 'soon'".
    public init(_ name: String, wants: String, got value: String) {
        self.name = name
        description = "setting '\(name)' wants \(wants), got '\(value)'"
    }

    /// A setting the pipeline does not have.
    public init(unknown name: String, known: [String]) {
        self.name = name
        description = "unknown setting '\(name)'; this pipeline's settings are \(known.joined(separator: ", "))"
    }
}
