import CLibXML2
import Foundation
import Testing

@testable import SAMLMetadata

/// The libxml2 layer: limits, DOCTYPE refusal, error capture, encodings, and the process-wide loader.
@Suite("Safe XML parsing")
struct SafeXMLParserTests {
    static let minimal = """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.org/idp">
          <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.org/sso"/>
          </md:IDPSSODescriptor>
        </md:EntityDescriptor>
        """

    private func refusal(_ text: String, limits: MetadataLimits = MetadataLimits()) throws -> SAMLMetadataError {
        try #require(throws: SAMLMetadataError.self) { try SAMLMetadataParser(limits: limits).parse(Data(text.utf8)) }
    }

    @Test func sizeLimitIsInclusive() throws {
        let data = Data(Self.minimal.utf8)
        let exact = SAMLMetadataParser(limits: MetadataLimits(maximumBytes: data.count))
        #expect(try exact.parse(data).entity.entityID == "https://idp.example.org/idp")
        let error = try refusal(Self.minimal, limits: MetadataLimits(maximumBytes: data.count - 1))
        #expect(
            error
                == SAMLMetadataError(
                    kind: .tooLarge, message: "file is \(data.count) bytes; the limit is \(data.count - 1) bytes"))
        #expect(MetadataLimits().maximumBytes == 4_194_304)
    }

    @Test func emptyAndBlankDocumentsAreRefused() throws {
        #expect(try refusal("") == SAMLMetadataError(kind: .malformedXML, message: "document is empty"))
        #expect(try refusal("  \n\t ").kind == .malformedXML)
        #expect(try refusal("<?xml version=\"1.0\"?>").kind == .malformedXML)
    }

    @Test func doctypeWithOnlyAnExternalIDIsRefused() throws {
        let error = try refusal(
            "<?xml version=\"1.0\"?>\n\n<!DOCTYPE md:EntityDescriptor SYSTEM \"file:///etc/passwd\">\n" + Self.minimal)
        #expect(error.kind == .doctypeNotAllowed)
        #expect(error.line == 3)
    }

    @Test func doctypeWithoutExternalIDIsRefused() throws {
        #expect(try refusal("<!DOCTYPE md:EntityDescriptor>\n" + Self.minimal).kind == .doctypeNotAllowed)
    }

    @Test func theWordDoctypeInACommentIsNotADoctype() throws {
        let document = try SAMLMetadataParser().parse(
            Data(("<!-- <!DOCTYPE x [ <!ENTITY a \"b\"> ]> -->\n" + Self.minimal).utf8))
        #expect(document.entity.entityID == "https://idp.example.org/idp")
    }

    @Test func anUndeclaredEntityIsAnError() throws {
        let error = try refusal(Self.minimal.replacingOccurrences(of: "/sso\"", with: "/sso&xxe;\""))
        #expect(error.kind == .malformedXML)
        #expect(error.line == 3)
        #expect(error.message.contains("xxe"))
    }

    @Test func predefinedEntitiesAndCharacterReferencesAreDecoded() throws {
        let text = Self.minimal.replacingOccurrences(of: "/sso\"", with: "/sso?a=1&amp;b=&#x32;\"")
        let document = try SAMLMetadataParser().parse(Data(text.utf8))
        #expect(
            document.identityProvider?.singleSignOnServices.first?.location == "https://idp.example.org/sso?a=1&b=2")
    }

    @Test func anUndeclaredPrefixIsAnError() throws {
        let error = try refusal(
            Self.minimal.replacingOccurrences(of: "<md:SingleSignOnService", with: "<ds:SingleSignOnService"))
        #expect(error.kind == .malformedXML)
        #expect(error.line == 3)
    }

    @Test func mismatchedTagsCarryLineAndMessage() throws {
        let error = try refusal(
            Self.minimal.replacingOccurrences(of: "</md:IDPSSODescriptor>", with: "</md:SPSSODescriptor>"))
        #expect(error.kind == .malformedXML)
        #expect(error.line == 4)
        #expect(error.description.hasPrefix("line 4: XML parse error: "))
        #expect(error.message.contains("IDPSSODescriptor"))
    }

    @Test func invalidUTF8IsAnError() throws {
        var data = Data(Self.minimal.utf8)
        data.insert(contentsOf: [0xC3, 0x28], at: data.count - 30)
        let error = try #require(throws: SAMLMetadataError.self) { try SAMLMetadataParser().parse(data) }
        #expect(error.kind == .malformedXML)
    }

    @Test func utf16WithBOMIsRead() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + Self.minimal
        var data = Data([0xFF, 0xFE])
        data.append(contentsOf: text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(try SAMLMetadataParser().parse(data).entity.entityID == "https://idp.example.org/idp")
    }

    @Test func aDeclaredLatin1EncodingIsRead() throws {
        let text =
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
            + Self.minimal.replacingOccurrences(
                of: "https://idp.example.org/idp", with: "https://idp.example.org/caf\u{E9}")
        let data = try #require(text.data(using: .isoLatin1))
        #expect(try SAMLMetadataParser().parse(data).entity.entityID == "https://idp.example.org/caf\u{E9}")
    }

    @Test func theDefaultNamespaceAndPrefixesAreEquivalent() throws {
        let text = Self.minimal.replacingOccurrences(of: "md:", with: "").replacingOccurrences(
            of: "xmlns:md", with: "xmlns")
        let prefixed = try SAMLMetadataParser().parse(Data(Self.minimal.utf8))
        let defaulted = try SAMLMetadataParser().parse(Data(text.utf8))
        #expect(defaulted.identityProvider?.singleSignOnServices == prefixed.identityProvider?.singleSignOnServices)
    }

    @Test func libxml2WarningsDoNotRefuseADocument() throws {
        // A relative namespace URI is only a warning in libxml2.
        let text = Self.minimal.replacingOccurrences(
            of: "<md:IDPSSODescriptor ", with: "<md:IDPSSODescriptor xmlns:x=\"relative\" ")
        #expect(try SAMLMetadataParser().parse(Data(text.utf8)).identityProvider != nil)
    }

    /// The process-wide loader refuses whatever libxml2 is asked to load, after the first parse installed it.
    /// (libxml2's default loader would open these files given a parser context.)
    @Test(arguments: ["/etc/passwd", "file:///etc/passwd", "http://127.0.0.1:18099/loader.dtd"])
    func theExternalEntityLoaderRefusesEverything(url: String) throws {
        _ = try SAMLMetadataParser().parse(Data(Self.minimal.utf8))
        let context = try #require(xmlNewParserCtxt())
        defer { xmlFreeParserCtxt(context) }
        let input = xmlLoadExternalEntity(url, nil, context)
        #expect(input == nil)
        if let input { xmlFreeInputStream(input) }
    }

    // MARK: - Files

    @Test func aFileIsReadLikeData() throws {
        let url = try Fixture.url("okta-idp.xml")
        #expect(try SAMLMetadataParser().parse(contentsOf: url) == SAMLMetadataParser().parse(Data(contentsOf: url)))
    }

    @Test func aFileOverTheLimitIsRefusedWithItsSize() throws {
        let url = try Fixture.url("adfs-federationmetadata.xml")
        let parser = SAMLMetadataParser(limits: MetadataLimits(maximumBytes: 1000))
        let error = try #require(throws: SAMLMetadataError.self) { try parser.parse(contentsOf: url) }
        #expect(error == SAMLMetadataError(kind: .tooLarge, message: "file is 74070 bytes; the limit is 1000 bytes"))
    }

    @Test func aMissingFileIsUnreadable() throws {
        let url = URL(filePath: "/nonexistent/\(UUID().uuidString)/metadata.xml")
        let error = try #require(throws: SAMLMetadataError.self) { try SAMLMetadataParser().parse(contentsOf: url) }
        #expect(error.kind == .unreadable)
        #expect(error.message.contains(url.path))
    }
}
