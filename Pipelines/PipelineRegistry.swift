import Slipstream

/// A pipeline that `run-pipeline` finds by name: `describe`, and later `run` and `list`, look it up here.
public struct RegisteredPipeline: Sendable {
    /// The name on the command line (also the pipeline's own name).
    public let name: String
    /// One line saying what it does, for listings.
    public let summary: String
    /// The settings it reads, with their defaults (empty for a pipeline that documents none).
    public let settings: [PipelineSettingInfo]
    /// Builds the pipeline from settings.
    public let make: @Sendable (PipelineSettings) throws -> Pipeline

    /// Registers `make` under `name`.
    public init(
        name: String, summary: String, settings: [PipelineSettingInfo] = [],
        make: @escaping @Sendable (PipelineSettings) throws -> Pipeline
    ) {
        self.name = name
        self.summary = summary
        self.settings = settings
        self.make = make
    }
}

/// The named pipelines of this package. Add a pipeline by writing it in its own file in `Pipelines/` with a
/// `static let registration` and listing it in ``all``.
public enum PipelineRegistry {
    /// Every registered pipeline, sorted by name.
    public static let all: [RegisteredPipeline] = [
        AccountActivity.registration,
        ClickThrough.registration,
        FraudDetection.registration,
        PageViewCounts.registration,
    ].sorted { $0.name < $1.name }

    /// The names of the registered pipelines.
    public static var names: [String] { all.map(\.name) }

    /// The pipeline registered as `name`, if any.
    public static func named(_ name: String) -> RegisteredPipeline? {
        all.first { $0.name == name }
    }
}
