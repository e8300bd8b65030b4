using System.Text.RegularExpressions;
using FluentAssertions;

namespace Sigap.Tests.Platform;

/// <summary>
/// Module boundaries (docs/ARCHITECTURE.md): a module may use the platform and other modules' Contracts/ only;
/// the platform never depends on a module. Checked on the source, where a wrong using or a qualified name shows.
/// </summary>
public sealed partial class ArchitectureTests
{
    internal static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sigap.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Sigap.slnx not found above the test binaries."), "src", "Sigap.Web");
    }

    private static IEnumerable<(string File, string Text)> Sources(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(f => (f, File.ReadAllText(f)))
            : [];

    [Fact]
    public void Modules_use_each_other_only_through_Contracts()
    {
        var modulesRoot = Path.Combine(SourceRoot(), "Modules");
        var modules = Directory.GetDirectories(modulesRoot).Select(Path.GetFileName).ToList();
        modules.Should().Contain("Budget");
        var offences = new List<string>();
        foreach (var module in modules)
            foreach (var (file, text) in Sources(Path.Combine(modulesRoot, module!)))
                foreach (Match m in ModuleReference().Matches(text))
                    if (m.Groups["module"].Value != module && m.Groups["rest"].Value != "Contracts")
                        offences.Add($"{Path.GetRelativePath(modulesRoot, file)} uses {m.Value}");
        offences.Should().BeEmpty();
    }

    [Fact]
    public void The_platform_does_not_depend_on_modules()
    {
        var root = SourceRoot();
        var offences = Sources(Path.Combine(root, "Platform"))
            .Where(s => ModuleReference().IsMatch(s.Text))
            .Select(s => Path.GetRelativePath(root, s.File))
            .ToList();
        offences.Should().BeEmpty();
    }

    [Fact]
    public void The_check_sees_a_reference_into_another_module()
    {
        // Guards the pattern above: it must catch what it is meant to catch.
        var m = ModuleReference().Match("using Sigap.Web.Modules.FieldService.Domain;");
        (m.Success, m.Groups["module"].Value, m.Groups["rest"].Value).Should().Be((true, "FieldService", "Domain"));
    }

    [GeneratedRegex(@"Sigap\.Web\.Modules\.(?<module>\w+)(\.(?<rest>\w+))?")]
    private static partial Regex ModuleReference();
}
