// The schemas of RFC 7643 §4 (User, Group, EnterpriseUser) and the common attributes of §3.1, as data.

extension Schema {
    /// `urn:ietf:params:scim:schemas:core:2.0:User`.
    public static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    /// `urn:ietf:params:scim:schemas:core:2.0:Group`.
    public static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
    public static let enterpriseUserURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// The core User schema (RFC 7643 §4.1, representation §8.7.1). `userName` is unique case-insensitively.
    public static let user = Schema(
        id: userURN, name: "User", description: "User Account",
        attributes: [
            .init(
                name: "userName", type: .string, description: "Unique identifier the User signs in with.",
                required: true, uniqueness: .server),
            .init(
                name: "name", type: .complex, description: "The components of the User's real name.",
                subAttributes: [
                    .init(name: "formatted", type: .string, description: "The full name, formatted for display."),
                    .init(name: "familyName", type: .string, description: "The family (last) name."),
                    .init(name: "givenName", type: .string, description: "The given (first) name."),
                    .init(name: "middleName", type: .string, description: "The middle name(s)."),
                    .init(name: "honorificPrefix", type: .string, description: "Honorific prefix, e.g. 'Ms.'."),
                    .init(name: "honorificSuffix", type: .string, description: "Honorific suffix, e.g. 'III'."),
                ]),
            .init(name: "displayName", type: .string, description: "The name shown to end users."),
            .init(name: "nickName", type: .string, description: "The casual name of the User."),
            .init(
                name: "profileUrl", type: .reference, description: "A URI of the User's online profile.",
                referenceTypes: ["external"]),
            .init(name: "title", type: .string, description: "The User's title, e.g. 'Vice President'."),
            .init(name: "userType", type: .string, description: "The relationship to the organization."),
            .init(name: "preferredLanguage", type: .string, description: "Preferred language (RFC 7231 §5.3.5)."),
            .init(name: "locale", type: .string, description: "Default location for localization, e.g. 'en-US'."),
            .init(name: "timezone", type: .string, description: "Time zone in IANA format, e.g. 'Europe/Berlin'."),
            .init(name: "active", type: .boolean, description: "Whether the User may sign in."),
            .init(
                name: "password", type: .string, description: "Accepted on input, never stored or returned.",
                mutability: .writeOnly, returned: .never),
            multiValued(
                "emails", description: "E-mail addresses.", value: .string,
                types: ["work", "home", "other"]),
            multiValued(
                "phoneNumbers", description: "Phone numbers (RFC 3966 format preferred).", value: .string,
                types: ["work", "home", "mobile", "fax", "pager", "other"]),
            multiValued(
                "ims", description: "Instant messaging addresses.", value: .string,
                types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
            multiValued(
                "photos", description: "URLs of images of the User.", value: .reference,
                types: ["photo", "thumbnail"], referenceTypes: ["external"]),
            .init(
                name: "addresses", type: .complex, multiValued: true, description: "Physical mailing addresses.",
                subAttributes: [
                    .init(name: "formatted", type: .string, description: "The full address, formatted for display."),
                    .init(name: "streetAddress", type: .string, description: "Street and house number."),
                    .init(name: "locality", type: .string, description: "City or locality."),
                    .init(name: "region", type: .string, description: "State or region."),
                    .init(name: "postalCode", type: .string, description: "Zip code or postal code."),
                    .init(name: "country", type: .string, description: "Country (ISO 3166-1 alpha-2)."),
                    .init(
                        name: "type", type: .string, description: "The kind of address.",
                        canonicalValues: ["work", "home", "other"]),
                    .init(name: "primary", type: .boolean, description: "Whether this is the primary address."),
                ]),
            .init(
                name: "groups", type: .complex, multiValued: true,
                description: "The Groups the User belongs to, derived from the Groups' members (read-only).",
                mutability: .readOnly,
                subAttributes: [
                    .init(name: "value", type: .string, description: "The Group's id.", mutability: .readOnly),
                    .init(
                        name: "$ref", type: .reference, description: "The Group's URI.", caseExact: true,
                        mutability: .readOnly, referenceTypes: ["User", "Group"]),
                    .init(name: "display", type: .string, description: "The Group's displayName.", mutability: .readOnly),
                    .init(
                        name: "type", type: .string, description: "Direct or indirect membership.",
                        canonicalValues: ["direct", "indirect"], mutability: .readOnly),
                ]),
            multiValued("entitlements", description: "Entitlements of the User.", value: .string, types: []),
            multiValued("roles", description: "Roles of the User.", value: .string, types: []),
            multiValued(
                "x509Certificates", description: "DER certificates of the User, base64-encoded.", value: .binary,
                types: []),
        ])

    /// The core Group schema (RFC 7643 §4.2, representation §8.7.1). scimdir keeps `displayName` unique, because
    /// identity providers look groups up by it.
    public static let group = Schema(
        id: groupURN, name: "Group", description: "Group",
        attributes: [
            .init(
                name: "displayName", type: .string, description: "A name for the Group, unique in this directory.",
                required: true, uniqueness: .server),
            .init(
                name: "members", type: .complex, multiValued: true, description: "The members of the Group.",
                subAttributes: [
                    .init(name: "value", type: .string, description: "The member's id.", mutability: .immutable),
                    .init(
                        name: "$ref", type: .reference, description: "The member's URI.", caseExact: true,
                        mutability: .immutable, referenceTypes: ["User", "Group"]),
                    .init(name: "display", type: .string, description: "The member's display name."),
                    .init(
                        name: "type", type: .string, description: "The kind of member.",
                        canonicalValues: ["User", "Group"], mutability: .immutable),
                ]),
        ])

    /// The Enterprise User extension (RFC 7643 §4.3). `manager` also accepts a bare id string, as Entra ID sends it.
    public static let enterpriseUser = Schema(
        id: enterpriseUserURN, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            .init(name: "employeeNumber", type: .string, description: "Identifier assigned by the organization."),
            .init(name: "costCenter", type: .string, description: "Name of a cost center."),
            .init(name: "organization", type: .string, description: "Name of an organization."),
            .init(name: "division", type: .string, description: "Name of a division."),
            .init(name: "department", type: .string, description: "Name of a department."),
            .init(
                name: "manager", type: .complex, description: "The User's manager.",
                subAttributes: [
                    .init(name: "value", type: .string, description: "The manager's id."),
                    .init(
                        name: "$ref", type: .reference, description: "The manager's URI.", caseExact: true,
                        referenceTypes: ["User"]),
                    .init(
                        name: "displayName", type: .string, description: "The manager's displayName.",
                        mutability: .readOnly),
                ]),
        ])

    private static func multiValued(
        _ name: String, description: String, value: AttributeDefinition.DataType, types: [String],
        referenceTypes: [String] = []
    ) -> AttributeDefinition {
        AttributeDefinition(
            name: name, type: .complex, multiValued: true, description: description,
            subAttributes: [
                .init(
                    name: "value", type: value, description: "The value.", caseExact: value != .string,
                    referenceTypes: referenceTypes),
                .init(name: "display", type: .string, description: "A name for display."),
                .init(name: "type", type: .string, description: "A label for the value.", canonicalValues: types),
                .init(name: "primary", type: .boolean, description: "Whether this is the preferred value."),
            ])
    }
}

/// The attributes every resource has (RFC 7643 §3.1): `id`, `externalId`, `meta`. They belong to no schema URN.
public enum CommonAttributes {
    /// `id`: assigned by the service provider, unique, case-exact, always returned.
    public static let id = AttributeDefinition(
        name: "id", type: .string, description: "Unique identifier assigned by the service provider.",
        caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server)
    /// `externalId`: the client's identifier for the resource; case-exact.
    public static let externalId = AttributeDefinition(
        name: "externalId", type: .string, description: "The provisioning client's identifier for the resource.",
        caseExact: true)
    /// `meta`: resource metadata maintained by the service provider.
    public static let meta = AttributeDefinition(
        name: "meta", type: .complex, description: "Resource metadata.", mutability: .readOnly,
        subAttributes: [
            .init(name: "resourceType", type: .string, description: "The resource type.", caseExact: true,
                  mutability: .readOnly),
            .init(name: "created", type: .dateTime, description: "When the resource was added.", mutability: .readOnly),
            .init(
                name: "lastModified", type: .dateTime, description: "When the resource last changed.",
                mutability: .readOnly),
            .init(
                name: "location", type: .reference, description: "The resource's URI.", caseExact: true,
                mutability: .readOnly),
            .init(
                name: "version", type: .string, description: "The resource's version (a weak ETag).", caseExact: true,
                mutability: .readOnly),
        ])
    /// `schemas`: the URNs of the schemas the resource uses (RFC 7643 §3); maintained by the service provider.
    public static let schemas = AttributeDefinition(
        name: "schemas", type: .reference, multiValued: true, description: "Schema URNs of the resource.",
        required: true, caseExact: true, mutability: .readOnly, returned: .always, referenceTypes: ["uri"])

    /// All of them, in the order they are looked up.
    public static let all: [AttributeDefinition] = [id, externalId, meta, schemas]
}
