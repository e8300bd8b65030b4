using System.Text.RegularExpressions;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Web.Platform.Composition;
using Sigap.Web.Platform.Localization;

namespace Sigap.Tests.Platform;

/// <summary>The text table: every key the code names exists, keys cannot be defined twice, the table is frozen after start.</summary>
public sealed partial class TextsTests(DemoApp app)
{
    [Fact]
    public void Every_key_the_code_names_is_defined_in_both_languages()
    {
        _ = app.Services; // the app has started: every module's table is registered
        var root = ArchitectureTests.SourceRoot();
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in KeyArgument().Matches(text))
            {
                var key = m.Groups["key"].Value;
                if (!Texts.Has(key)) missing.Add($"{Path.GetRelativePath(root, file)}: {key}");
            }
        }
        // Keys built from values: every role has a name.
        missing.AddRange(app.Services.GetRequiredService<ModuleCatalog>().Roles.Select(r => "role." + r).Where(k => !Texts.Has(k)));
        missing.Should().BeEmpty();
    }

    [Fact]
    public void The_scan_sees_keys_in_the_calls_that_take_them()
    {
        // Guards the pattern above: it must catch what it is meant to catch.
        KeyArgument().Match("Failure.Rule(\"budget.reports.overSpend\", a)").Groups["key"].Value.Should().Be("budget.reports.overSpend");
        KeyArgument().Match("check.Add(\"amount\", \"validation.required\")").Groups["key"].Value.Should().Be("validation.required");
        KeyArgument().Match("@Texts.Get(\"nav.home\")").Groups["key"].Value.Should().Be("nav.home");
        KeyArgument().IsMatch("o.AddRolePolicy(\"budget.read\", roles)").Should().BeFalse();
    }

    [Fact]
    public void A_key_defined_twice_with_other_texts_is_an_error_and_repeating_a_table_is_not()
    {
        var key = $"test.texts.{Guid.NewGuid():N}";
        // The table is frozen once the app has started, so only keys that exist may be added again.
        _ = app.Services;
        var act = () => Texts.Add([(key, "Satu", "One")]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*after start-up*");
        Texts.Has(key).Should().BeFalse();

        var clash = () => Texts.Add([("validation.required", "Lain", "Other")]);
        clash.Should().Throw<InvalidOperationException>().WithMessage("*validation.required*twice*");
    }

    // A key is the first or second string argument of a call that takes one: Texts.Get, Failure.Rule/Conflict/Field,
    // Problems.*, check.Add, T(...) and the modules' own Format helpers.
    [GeneratedRegex(@"\b(?:Get|Rule|Conflict|Field|Status|Add|Format|T|Refused)\(\s*(?:""[^""]*""\s*,\s*)?""(?<key>[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+)+)""")]
    private static partial Regex KeyArgument();
}
