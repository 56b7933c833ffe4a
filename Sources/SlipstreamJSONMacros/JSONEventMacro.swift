import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@JSONEvent`: adds a `JSONEventDecodable` conformance whose `init(jsonFields:)` decodes the struct's stored
/// properties exactly as its synthesized `init(from:)` would, from a parsed JSON field table.
///
/// What the synthesized `Decodable` initializer decodes, and so what this one does: every stored instance property
/// named in `CodingKeys` (all of them when the struct declares none), under the key's string value; optionals with
/// `decodeIfPresent`; a `let` with an initial value never (it cannot be assigned). A property left out of
/// `CodingKeys` keeps its default.
public struct JSONEventMacro: ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol, conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard let structDecl = declaration.as(StructDeclSyntax.self) else {
            throw DiagnosticsError(diagnostics: [
                Diagnostic(node: node, message: JSONEventDiagnostic.notAStruct(kind: declaration.kindName))
            ])
        }
        // Already conforms (declared by hand, or in a superclass-like refinement): nothing to add.
        if protocols.isEmpty { return [] }

        let plan = try DecodingPlan(structDecl)
        let access = structDecl.modifiers.contains {
            $0.name.tokenKind == .keyword(.public) || $0.name.tokenKind == .keyword(.open)
        } ? "public " : structDecl.modifiers.contains { $0.name.tokenKind == .keyword(.package) } ? "package " : ""

        var text = "extension \(type.trimmed): SlipstreamJSON.JSONEventDecodable {\n"
        text += "    \(access)init(jsonFields fields: SlipstreamJSON.JSONEventFields) throws(SlipstreamJSON.JSONDecodeError) {\n"
        for step in plan.steps {
            let key = StringLiteralExprSyntax(content: step.key).description
            let method = step.isOptional ? "decodeIfPresent" : "decode"
            text += "        self.\(step.property) = try fields.\(method)(\(step.valueType).self, forKey: \(key))\n"
        }
        text += "    }\n}"
        let decl = DeclSyntax("\(raw: text)")
        guard let ext = decl.as(ExtensionDeclSyntax.self) else { return [] }
        return [ext]
    }
}

extension JSONEventMacro: MemberMacro {
    /// Declares the `CodingKeys` that `Decodable` synthesis would make when the struct's body has none, so that a
    /// `CodingKeys` declared elsewhere (in an extension, where this macro cannot read its keys) is a compile-time
    /// redeclaration error instead of a silent difference between the two paths.
    public static func expansion(
        of node: AttributeSyntax, providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax], in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        // Whatever is wrong is reported once, by the extension.
        guard let structDecl = declaration.as(StructDeclSyntax.self), let plan = try? DecodingPlan(structDecl),
              !plan.declaresCodingKeys, !plan.storedProperties.isEmpty else { return [] }
        let cases = plan.storedProperties.joined(separator: ", ")
        return ["enum CodingKeys: String, CodingKey {\n    case \(raw: cases)\n}"]
    }
}

extension DeclGroupSyntax {
    fileprivate var kindName: String {
        switch Syntax(self).kind {
        case .classDecl: "a class"
        case .enumDecl: "an enum"
        case .actorDecl: "an actor"
        case .protocolDecl: "a protocol"
        case .extensionDecl: "an extension"
        default: "this declaration"
        }
    }
}
