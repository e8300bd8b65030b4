using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;

using Sigap.Web.Platform.Auth;

namespace Sigap.Web.Platform.ApiDocs;

/// <summary>
/// What /openapi/v1.json says beyond the endpoints' own metadata: the bearer scheme on every operation that needs a
/// sign-in (none on anonymous ones), the 401 and 429 answers that authorization and rate limits add, an example on
/// every problem answer, and a description per tag. Redocly's lint (ApiDocumentLintTests) holds every module to it.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "Bearer";
    private const string ProblemJson = "application/problem+json";

    /// <summary>One line per tag; a module adds its tag here when it maps its first endpoint (the lint fails without it).</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Auth"] = "Sign-in, registration, e-mail confirmation and password reset. Anonymous; rate-limited per client address.",
        ["Me"] = "The signed-in user's own profile, e-mail address and password.",
        ["Admin"] = "User accounts and role grants (system administrators).",
        ["Org"] = "The organisation tree (Area > Region > Branch > Cluster) within the caller's scope.",
        ["Files"] = "Stage uploads before they are attached to a record; download through signed links.",
        ["Notifications"] = "The signed-in user's in-app notifications.",
        ["Audit"] = "Who changed what and when (system administrators).",
        ["Public"] = "Anonymous endpoints for the public; rate-limited per client address.",
        ["Budget"] = "Monthly marketing-fee budgets, per-category recommendations, usage reports with evidence, approvals, dashboards and accountability reports.",
    };

    public static OpenApiOptions AddSigapDescriptions(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Sigap API";
            doc.Info.Description = "Operations suite for regional telco/ISP offices. Sign in with POST /api/auth/login and send the access token as 'Authorization: Bearer …' (in /docs: Authorize). Errors are ProblemDetails; Accept-Language selects Indonesian (default) or English.";
            doc.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Sigap" };
            // The document is served by the app it describes: "/" makes clients and /docs call the origin they read it from.
            doc.Servers = [new OpenApiServer { Url = "/", Description = "The Sigap instance serving this document" }];
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The accessToken from POST /api/auth/login (valid for expiresIn seconds; renew with POST /api/auth/refresh).",
            };
            foreach (var tag in doc.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
            return Task.CompletedTask;
        });
        // Enums travel as their names (JsonStringEnumConverter); saying "string" lets generated clients read them as such.
        // A nullable use already says null beside the reference (oneOf), so the enum itself lists names only.
        options.AddSchemaTransformer((schema, _, _) =>
        {
            if (schema.Enum is { Count: > 0 } values && schema.Type is null)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = values.Where(v => v is not null).ToList();
            }
            return Task.CompletedTask;
        });
        // Values with a JSON converter of ours come out without a type: a role travels as its name (RoleJsonConverter),
        // a string through the converter that refuses control characters. Say so, or generated clients type them as object.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (schema.Type is null && schema.Enum is not { Count: > 0 } && (type == typeof(Role) || type == typeof(string)))
                schema.Type = JsonSchemaType.String;
            if (type == typeof(Role))
                schema.Description = "Role name, e.g. SystemAdmin, AreaAdmin, ClusterUser (the roles the modules declare).";
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Responses ??= new OpenApiResponses();
            // Authorization ignores every requirement once an endpoint allows anonymous callers; so does the document.
            var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
            operation.Security = anonymous ? [] : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            if (!anonymous) AddProblem(operation, context, StatusCodes.Status401Unauthorized, "Unauthorized");
            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
                AddProblem(operation, context, StatusCodes.Status429TooManyRequests, "Too Many Requests");
            foreach (var (status, response) in operation.Responses)
                if (response.Content?.TryGetValue(ProblemJson, out var media) == true && media.Example is null && int.TryParse(status, out var code))
                    media.Example = Example(code);
            return Task.CompletedTask;
        });
        return options;
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        });

    /// <summary>What a client reads on each problem: the title of its status in the reader's language, and for 400 a field at fault.</summary>
    private static JsonNode Example(int status)
    {
        var example = new JsonObject { ["title"] = Texts.Get(Problems.TitleKey(status)), ["status"] = status };
        if (status == StatusCodes.Status400BadRequest) example["errors"] = new JsonObject { ["name"] = new JsonArray(Texts.Get("validation.required")) };
        return example;
    }
}
