import SwiftDiagnostics
import SwiftSyntax

/// The properties a struct's synthesized `Decodable` initializer decodes, in declaration order, with their JSON
/// keys: what `@JSONEvent` generates code for.
struct DecodingPlan {
    /// One property to assign.
    struct Step {
        /// The property's name, as written (backticks kept).
        var property: String
        /// The key's string value.
        var key: String
        /// The type to decode: the property's type, or the wrapped type of an optional.
        var valueType: String
        /// Whether the property is an optional written as such (`T?`, `T!`, `Optional<T>`): `decodeIfPresent`.
        var isOptional: Bool
    }

    var steps: [Step] = []

    /// Every stored instance property, as written: the cases of the `CodingKeys` synthesis would make.
    var storedProperties: [String] = []

    /// Whether the struct's body declares `CodingKeys`.
    var declaresCodingKeys = false

    init(_ decl: StructDeclSyntax) throws {
        if let generics = decl.genericParameterClause {
            throw DiagnosticsError(diagnostics: [Diagnostic(node: generics, message: JSONEventDiagnostic.generic)])
        }
        var diagnostics: [Diagnostic] = []
        var codingKeys: [String: String]?
        for member in decl.memberBlock.members {
            if let conditional = member.decl.as(IfConfigDeclSyntax.self), Self.declaresProperties(conditional) {
                diagnostics.append(Diagnostic(node: conditional, message: JSONEventDiagnostic.conditionalProperties))
            }
            if let initializer = member.decl.as(InitializerDeclSyntax.self), Self.isDecoderInit(initializer) {
                diagnostics.append(Diagnostic(node: initializer, message: JSONEventDiagnostic.customDecoderInit))
            }
            if let keys = Self.codingKeysDecl(member.decl) {
                declaresCodingKeys = true
                do {
                    codingKeys = try Self.codingKeys(keys)
                } catch let error as DiagnosticsError {
                    diagnostics += error.diagnostics
                }
            }
        }

        for member in decl.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }) {
                continue
            }
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            let isLazy = variable.modifiers.contains { $0.name.tokenKind == .keyword(.lazy) }
            // `var a, b: Int`: a binding without a type or value takes the type of the next one that has one.
            var sharedType: TypeSyntax?
            var bindings: [(PatternBindingSyntax, TypeSyntax?)] = []
            for binding in variable.bindings.reversed() {
                if let annotation = binding.typeAnnotation?.type {
                    sharedType = annotation
                } else if binding.initializer != nil {
                    sharedType = nil
                }
                bindings.append((binding, binding.typeAnnotation?.type ?? (binding.initializer == nil ? sharedType : nil)))
            }
            for (binding, type) in bindings.reversed() {
                guard Self.isStored(binding) else { continue }
                guard let pattern = binding.pattern.as(IdentifierPatternSyntax.self) else {
                    diagnostics.append(Diagnostic(node: binding.pattern, message: JSONEventDiagnostic.tuplePattern))
                    continue
                }
                let name = pattern.identifier.text
                let bareName = pattern.identifier.identifier?.name ?? name
                storedProperties.append(name)
                let hasValue = binding.initializer != nil
                // A `let` with a value cannot be assigned: the synthesized initializer leaves it too.
                if isLet && hasValue { continue }
                let key: String
                if let codingKeys {
                    guard let mapped = codingKeys[bareName] else {
                        // Left out of CodingKeys: keeps its default, which it must have (an optional `var` has nil).
                        let isOptionalVar = !isLet && type.map { Self.optionalWrapped($0) != nil } == true
                        if !hasValue && !isOptionalVar {
                            diagnostics.append(Diagnostic(node: pattern, message: JSONEventDiagnostic.notInCodingKeys(bareName)))
                        }
                        continue
                    }
                    key = mapped
                } else {
                    key = bareName
                }
                if isLazy {
                    diagnostics.append(Diagnostic(node: variable, message: JSONEventDiagnostic.lazy(bareName)))
                    continue
                }
                if let wrapper = variable.attributes.first(where: Self.isPropertyWrapper) {
                    diagnostics.append(Diagnostic(node: wrapper, message: JSONEventDiagnostic.propertyWrapper(bareName)))
                    continue
                }
                guard let type else {
                    diagnostics.append(Diagnostic(node: pattern, message: JSONEventDiagnostic.noType(bareName)))
                    continue
                }
                if let wrapped = Self.optionalWrapped(type) {
                    steps.append(Step(property: name, key: key, valueType: wrapped.trimmedDescription, isOptional: true))
                } else {
                    steps.append(Step(property: name, key: key, valueType: type.trimmedDescription, isOptional: false))
                }
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics: diagnostics) }
    }

    /// Whether the binding stores a value: no accessors, or only observers.
    private static func isStored(_ binding: PatternBindingSyntax) -> Bool {
        guard let block = binding.accessorBlock else { return true }
        guard case .accessors(let accessors) = block.accessors else { return false }
        return accessors.allSatisfy {
            [.keyword(.willSet), .keyword(.didSet)].contains($0.accessorSpecifier.tokenKind)
        }
    }

    /// The wrapped type of `T?`, `T!`, `Optional<T>` and `Swift.Optional<T>`.
    static func optionalWrapped(_ type: TypeSyntax) -> TypeSyntax? {
        if let optional = type.as(OptionalTypeSyntax.self) { return optional.wrappedType }
        if let iuo = type.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) { return iuo.wrappedType }
        if let named = type.as(IdentifierTypeSyntax.self), named.name.text == "Optional",
           let arguments = named.genericArgumentClause?.arguments, arguments.count == 1,
           case .type(let wrapped) = arguments.first!.argument {
            return wrapped
        }
        if let member = type.as(MemberTypeSyntax.self), member.name.text == "Optional",
           member.baseType.trimmedDescription == "Swift",
           let arguments = member.genericArgumentClause?.arguments, arguments.count == 1,
           case .type(let wrapped) = arguments.first!.argument {
            return wrapped
        }
        return nil
    }

    /// Attributes that may appear on a stored property without changing what Codable decodes; any other one is
    /// taken for a property wrapper, which synthesis decodes as the wrapper's type.
    private static let plainAttributes: Set<String> = [
        "available", "usableFromInline", "preconcurrency", "objc", "nonobjc", "exclusivity", "_spi",
    ]

    private static func isPropertyWrapper(_ element: AttributeListSyntax.Element) -> Bool {
        guard case .attribute(let attribute) = element else { return true }
        return !plainAttributes.contains(attribute.attributeName.trimmedDescription)
    }

    /// Whether an `#if` block declares instance properties, which the macro cannot see as the compiler will.
    private static func declaresProperties(_ conditional: IfConfigDeclSyntax) -> Bool {
        conditional.clauses.contains { clause in
            guard case .decls(let members) = clause.elements else { return false }
            return members.contains { member in
                if let nested = member.decl.as(IfConfigDeclSyntax.self) { return declaresProperties(nested) }
                guard let variable = member.decl.as(VariableDeclSyntax.self) else { return false }
                return !variable.modifiers.contains { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }
            }
        }
    }

    private static func isDecoderInit(_ initializer: InitializerDeclSyntax) -> Bool {
        let parameters = initializer.signature.parameterClause.parameters
        guard parameters.count == 1, let parameter = parameters.first else { return false }
        return parameter.firstName.text == "from"
    }

    private static func codingKeysDecl(_ decl: DeclSyntax) -> DeclSyntax? {
        if let e = decl.as(EnumDeclSyntax.self), e.name.text == "CodingKeys" { return decl }
        if let s = decl.as(StructDeclSyntax.self), s.name.text == "CodingKeys" { return decl }
        if let a = decl.as(TypeAliasDeclSyntax.self), a.name.text == "CodingKeys" { return decl }
        if let c = decl.as(ClassDeclSyntax.self), c.name.text == "CodingKeys" { return decl }
        return nil
    }

    /// Property name to key string, from a `CodingKeys` enum: a case's string raw value, or its name.
    private static func codingKeys(_ decl: DeclSyntax) throws -> [String: String] {
        guard let keys = decl.as(EnumDeclSyntax.self) else {
            throw DiagnosticsError(diagnostics: [Diagnostic(node: decl, message: JSONEventDiagnostic.codingKeysNotEnum)])
        }
        let rawType = keys.inheritanceClause?.inheritedTypes.first?.type.trimmedDescription
        let hasStringRawValues = rawType == "String" || rawType == "Swift.String"
        var map: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for member in keys.memberBlock.members {
            guard let cases = member.decl.as(EnumCaseDeclSyntax.self) else { continue }
            for element in cases.elements {
                let name = element.name.identifier?.name ?? element.name.text
                guard hasStringRawValues, let raw = element.rawValue?.value else {
                    map[name] = name
                    continue
                }
                guard let literal = raw.as(StringLiteralExprSyntax.self), let value = literal.representedLiteralValue else {
                    diagnostics.append(Diagnostic(node: raw, message: JSONEventDiagnostic.rawValueNotLiteral))
                    continue
                }
                map[name] = value
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics: diagnostics) }
        return map
    }
}
