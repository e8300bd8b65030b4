using System.Diagnostics;
using FluentAssertions;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform.OpenApi;

/// <summary>
/// The OpenAPI document passes Redocly CLI's strict rules (redocly.yaml at the repository root): any error fails,
/// and a warning can only come from a rule that redocly.yaml lowers to "warn" with the reason written beside it.
/// <c>./sigap.sh test</c> installs the pinned CLI into <c>.tools/redocly</c>.
/// </summary>
public sealed class ApiDocumentLintTests(DemoApp app)
{
    [Fact]
    public async Task The_document_passes_the_redocly_lint()
    {
        var root = RepositoryRoot();
        var cli = Path.Combine(root, ".tools", "redocly", "node_modules", ".bin", "redocly");
        File.Exists(cli).Should().BeTrue($"the Redocly CLI is installed by ./sigap.sh test at {cli}");

        using var client = app.CreateClient();
        var file = Path.Combine(app.DataFolder, "openapi.json");
        await File.WriteAllTextAsync(file, await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        var psi = new ProcessStartInfo(cli, ["lint", file, "--config", Path.Combine(root, "redocly.yaml"), "--format", "stylish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        psi.Environment["REDOCLY_TELEMETRY"] = "off";
        psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(psi)!;
        var stdout = lint.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = lint.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await lint.WaitForExitAsync(TestContext.Current.CancellationToken);

        lint.ExitCode.Should().Be(0, $"redocly lint reports no error:\n{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sigap.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Sigap.slnx not found above the test binaries.");
    }
}
