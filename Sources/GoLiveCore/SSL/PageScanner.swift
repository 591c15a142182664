import Foundation

/// A Strict-Transport-Security header (RFC 6797), parsed tolerantly.
public struct HSTSPolicy: Sendable, Hashable {
    /// nil when the header has no parsable max-age (which makes the header invalid).
    public var maxAge: Int?
    public var includeSubDomains: Bool
    public var preload: Bool

    /// One year: the minimum hstspreload.org and SSL Labs' A+ ask for.
    public static let recommendedMaxAge = 31_536_000

    public init(maxAge: Int?, includeSubDomains: Bool, preload: Bool) {
        self.maxAge = maxAge
        self.includeSubDomains = includeSubDomains
        self.preload = preload
    }

    public init(header: String) {
        var maxAge: Int?
        var includeSubDomains = false
        var preload = false
        for directive in header.split(separator: ";") {
            let parts = directive.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let name = parts.first?.lowercased() else { continue }
            switch name {
            case "max-age":
                if parts.count == 2 {
                    maxAge = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
                }
            case "includesubdomains": includeSubDomains = true
            case "preload": preload = true
            default: break
            }
        }
        self.init(maxAge: maxAge, includeSubDomains: includeSubDomains, preload: preload)
    }
}

/// Finds `http://` subresources and form actions in a page's HTML, and references to Mercado Pago's SDK.
///
/// A small tag tokenizer (comments skipped, inline script and style bodies skipped, quoted attribute values
/// honoured), not a full HTML parser: it reads what the static HTML references. Resources injected later
/// by JavaScript are not seen. Plain links (`<a href>`) are not mixed content.
public enum PageScanner {
    public struct Result: Sendable, Hashable {
        public var mixedContent: [MixedContentItem]
        public var sdkReferences: [String]
    }

    /// The Mercado Pago SDK's host.
    public static let sdkHost = "sdk.mercadopago.com"

    public static func scan(html: String) -> Result {
        var mixed: [MixedContentItem] = []
        var sdk: [String] = []
        for tag in tags(in: html) {
            for (attribute, value) in tag.attributes where referenceAttributes.contains(attribute) {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.lowercased().contains(sdkHost) { sdk.append(trimmed) }
                guard trimmed.lowercased().hasPrefix("http://") else { continue }
                if let blockable = classify(tag: tag, attribute: attribute) {
                    mixed.append(MixedContentItem(element: tag.name, url: trimmed, blockable: blockable))
                }
            }
        }
        return Result(mixedContent: mixed, sdkReferences: sdk)
    }

    private static let referenceAttributes: Set<String> = ["src", "href", "data", "action"]

    /// Whether an `http://` value in this attribute of this element is blockable (true), upgradeable (false),
    /// or not mixed content at all (nil).
    private static func classify(tag: Tag, attribute: String) -> Bool? {
        switch (tag.name, attribute) {
        case ("script", "src"), ("iframe", "src"), ("frame", "src"), ("embed", "src"), ("object", "data"),
            ("form", "action"):
            return true
        case ("img", "src"), ("audio", "src"), ("video", "src"), ("source", "src"), ("track", "src"):
            return false
        case ("link", "href"):
            let rel = Set((tag.attributes.first { $0.0 == "rel" }?.1 ?? "").lowercased().split(separator: " "))
            if rel.contains("stylesheet") || rel.contains("preload") || rel.contains("modulepreload") {
                return true
            }
            if rel.contains("icon") { return false }
            return nil
        default:
            return nil
        }
    }

    struct Tag {
        var name: String
        var attributes: [(String, String)]
    }

    /// The start tags of the document, in order.
    static func tags(in html: String) -> [Tag] {
        let chars = Array(html.unicodeScalars)
        var tags: [Tag] = []
        var index = 0
        func skip(past terminator: String) {
            let term = Array(terminator.unicodeScalars)
            while index < chars.count {
                if matches(term, at: index, in: chars, caseInsensitive: true) {
                    index += term.count
                    return
                }
                index += 1
            }
        }
        while index < chars.count {
            guard chars[index] == "<" else {
                index += 1
                continue
            }
            if matches(Array("<!--".unicodeScalars), at: index, in: chars, caseInsensitive: false) {
                skip(past: "-->")
                continue
            }
            index += 1
            guard index < chars.count, chars[index].properties.isAlphabetic else { continue }
            var name = ""
            while index < chars.count, isNameCharacter(chars[index]) {
                name.unicodeScalars.append(chars[index])
                index += 1
            }
            name = name.lowercased()
            var attributes: [(String, String)] = []
            // Attributes until '>'.
            while index < chars.count, chars[index] != ">" {
                if chars[index].properties.isWhitespace || chars[index] == "/" {
                    index += 1
                    continue
                }
                var attribute = ""
                while index < chars.count, !chars[index].properties.isWhitespace, chars[index] != "=",
                    chars[index] != ">", chars[index] != "/" || attribute.isEmpty
                {
                    attribute.unicodeScalars.append(chars[index])
                    index += 1
                }
                while index < chars.count, chars[index].properties.isWhitespace { index += 1 }
                var value = ""
                if index < chars.count, chars[index] == "=" {
                    index += 1
                    while index < chars.count, chars[index].properties.isWhitespace { index += 1 }
                    if index < chars.count, chars[index] == "\"" || chars[index] == "'" {
                        let quote = chars[index]
                        index += 1
                        while index < chars.count, chars[index] != quote {
                            value.unicodeScalars.append(chars[index])
                            index += 1
                        }
                        index += 1
                    } else {
                        while index < chars.count, !chars[index].properties.isWhitespace, chars[index] != ">" {
                            value.unicodeScalars.append(chars[index])
                            index += 1
                        }
                    }
                }
                if !attribute.isEmpty { attributes.append((attribute.lowercased(), decodeEntities(value))) }
            }
            index += 1
            tags.append(Tag(name: name, attributes: attributes))
            if name == "script" || name == "style" { skip(past: "</\(name)") }
        }
        return tags
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
    }

    private static func matches(
        _ needle: [Unicode.Scalar], at index: Int, in chars: [Unicode.Scalar], caseInsensitive: Bool
    ) -> Bool {
        guard index + needle.count <= chars.count else { return false }
        for offset in 0..<needle.count {
            let a = chars[index + offset]
            let b = needle[offset]
            if a == b { continue }
            if caseInsensitive, String(a).lowercased() == String(b).lowercased() { continue }
            return false
        }
        return true
    }

    private static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        return value.replacingOccurrences(of: "&#58;", with: ":").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#47;", with: "/").replacingOccurrences(of: "&amp;", with: "&")
    }
}
