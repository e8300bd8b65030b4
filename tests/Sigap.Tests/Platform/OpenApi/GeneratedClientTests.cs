using System.Reflection;
using System.Runtime.Loader;
using FluentAssertions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform.OpenApi;

/// <summary>
/// An integrator's view of /openapi/v1.json: NSwag generates a C# client from it, Roslyn compiles it with a small
/// program written against the generated names, and that program signs in, reads the Budget dashboard and reads the
/// ProblemDetails of a refused call, over the app's real HTTP pipeline.
/// </summary>
public sealed class GeneratedClientTests(DemoApp app)
{
    private const string Program = """
        namespace Sigap.Generated;

        // NSwag 14.8 types multipart file parts (a $ref to a binary schema) as FileParameter but emits that class only for
        // inline binary parts; an integrator adds these few lines (the shape NSwag emits elsewhere).
        public class FileParameter(System.IO.Stream data, string fileName, string contentType)
        {
            public System.IO.Stream Data { get; } = data;
            public string FileName { get; } = fileName;
            public string ContentType { get; } = contentType;
        }

        public static class Integrator
        {
            public static async System.Threading.Tasks.Task<string> RunAsync(System.Net.Http.HttpClient http, string login, string password)
            {
                var client = new SigapClient(http);
                var tokens = await client.AuthLoginAsync(new LoginRequest { Login = login, Password = password });
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken.ToString());
                var dashboard = await client.GetBudgetDashboardAsync(null, null, null);
                try
                {
                    await client.GetUsageReportAsync(987654321L);
                    return "not refused";
                }
                catch (ApiException<ProblemDetails> refused)
                {
                    return $"{dashboard.Unit.Name}|{refused.StatusCode}|{refused.Result.Status}|{refused.Result.Title}";
                }
            }
        }
        """;

    [Fact]
    public async Task A_client_generated_from_the_document_signs_in_reads_the_dashboard_and_reads_a_refusal()
    {
        using var http = app.CreateClient();
        var document = await OpenApiDocument.FromJsonAsync(await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken), null, NJsonSchema.SchemaType.OpenApi3, null, TestContext.Current.CancellationToken);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "SigapClient",
            UseBaseUrl = false, // paths stay relative to the HttpClient's BaseAddress
            GenerateClientInterfaces = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "Sigap.Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var assembly = Compile(code, Program);
        var run = assembly.GetType("Sigap.Generated.Integrator")!.GetMethod("RunAsync")!;
        var result = await (Task<string>)run.Invoke(null, [http, Demo.Admin, Sigap.Web.Platform.Demo.DemoSeeder.Password])!;

        var parts = result.Split('|');
        parts.Should().HaveCount(4, result);
        parts[0].Should().NotBeNullOrWhiteSpace("the dashboard names the unit it shows");
        parts[1].Should().Be("404");
        parts[2].Should().Be("404");
        parts[3].Should().NotBeNullOrWhiteSpace("the refusal's title reads in the caller's language");
    }

    private static Assembly Compile(params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Sigap.Generated.Client",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        emitted.Success.Should().BeTrue(string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }
}
