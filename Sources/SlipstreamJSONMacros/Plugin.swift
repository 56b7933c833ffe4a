import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that provides SlipstreamJSON's macros.
@main
struct SlipstreamJSONMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [JSONEventMacro.self]
}
