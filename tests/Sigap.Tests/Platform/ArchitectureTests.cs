using System.Reflection;
using System.Reflection.Emit;
using FluentAssertions;
using Microsoft.AspNetCore.Components;

namespace Sigap.Tests.Platform;

/// <summary>
/// Module boundaries (docs/ARCHITECTURE.md), checked on the compiled types, Razor components included: a module uses
/// the platform, the shell and other modules' Contracts/ only; the platform and the shell (Components/) use no module;
/// a module's types are internal unless they are in its Contracts/. References are read from signatures, base types,
/// attributes and the IL of every method body, so a qualified name or a lambda cannot slip past.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly App = typeof(Program).Assembly;
    private const string ModulesNs = "Sigap.Web.Modules.";

    internal static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sigap.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Sigap.slnx not found above the test binaries."), "src", "Sigap.Web");
    }

    /// <summary>"Platform", "Components", "Module:Budget", "Contracts:Budget", or null for the composition root (Program).</summary>
    internal static string? Part(Type t)
    {
        var ns = t.Namespace ?? "";
        if (ns.StartsWith(ModulesNs, StringComparison.Ordinal))
        {
            var rest = ns[ModulesNs.Length..].Split('.');
            return rest.Length > 1 && rest[1] == "Contracts" ? $"Contracts:{rest[0]}" : $"Module:{rest[0]}";
        }
        if (ns == "Sigap.Web.Platform" || ns.StartsWith("Sigap.Web.Platform.", StringComparison.Ordinal)) return "Platform";
        if (ns == "Sigap.Web.Components" || ns.StartsWith("Sigap.Web.Components.", StringComparison.Ordinal)) return "Components";
        return null;
    }

    private static string ModuleOf(string part) => part[(part.IndexOf(':') + 1)..];

    /// <summary>Why <paramref name="from"/> may not use <paramref name="to"/>, or null when it may.</summary>
    internal static string? Offence(string? from, string? to)
    {
        if (from is null || to is null || from == to) return null;
        if (!to.StartsWith("Module:", StringComparison.Ordinal) && !to.StartsWith("Contracts:", StringComparison.Ordinal)) return null; // platform and shell are for everyone
        if (from is "Platform" or "Components") return "the platform and the shell use no module";
        if (ModuleOf(from) == ModuleOf(to)) return null; // a module and its own Contracts
        return to.StartsWith("Contracts:", StringComparison.Ordinal) ? null : "modules meet through Contracts/ only";
    }

    [Fact]
    public void Modules_use_each_other_only_through_Contracts_and_the_platform_and_shell_use_no_module()
    {
        var offences = new SortedSet<string>();
        foreach (var type in App.GetTypes())
        {
            var from = Part(type);
            foreach (var used in References(type))
                if (used.Assembly == App && Offence(from, Part(used)) is { } why)
                    offences.Add($"{type.FullName} uses {used.FullName}: {why}");
        }
        App.GetTypes().Should().Contain(t => Part(t) == "Module:Budget");
        offences.Should().BeEmpty();
    }

    [Fact]
    public void Module_types_are_internal_unless_they_are_Contracts()
    {
        // Razor components are always generated public (by design in ASP.NET Core, dotnet/aspnetcore#63041), so they
        // and the types their public parameters need (a public property cannot have an internal type) are exempt.
        var components = App.GetTypes().Where(t => t.IsVisible && (typeof(IComponent).IsAssignableFrom(t) || t.Name == "_Imports")).ToList();
        var neededByComponents = new HashSet<Type>();
        var toVisit = new Queue<Type>(components);
        while (toVisit.TryDequeue(out var type))
            foreach (var member in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType))
                foreach (var t in member.IsGenericType ? [member, .. member.GetGenericArguments()] : new[] { member })
                {
                    var definition = t.IsGenericType ? t.GetGenericTypeDefinition() : t;
                    if (definition.Assembly == App && neededByComponents.Add(definition)) toVisit.Enqueue(definition);
                }
        var visible = App.GetTypes()
            .Where(t => t.IsVisible && Part(t) is { } p && p.StartsWith("Module:", StringComparison.Ordinal))
            .Where(t => !components.Contains(t) && !neededByComponents.Contains(t))
            .Select(t => t.FullName)
            .ToList();
        visible.Should().BeEmpty();
    }

    [Fact]
    public void The_check_sees_what_it_is_meant_to_see()
    {
        // Guards the rules and the reference scan above: they must catch what they are meant to catch.
        Offence("Module:Helpdesk", "Module:FieldService").Should().NotBeNull();
        Offence("Module:Helpdesk", "Contracts:FieldService").Should().BeNull();
        Offence("Module:Budget", "Platform").Should().BeNull();
        Offence("Platform", "Contracts:Budget").Should().NotBeNull();
        Offence("Components", "Module:Budget").Should().NotBeNull();
        Offence("Contracts:Budget", "Module:Budget").Should().BeNull();
        References(typeof(Probe)).Should().Contain([typeof(Uri), typeof(Version), typeof(TimeZoneInfo), typeof(ArgumentException)]);
    }

    private sealed class Probe
    {
        public Uri? Field { get; set; }
        public static string Body() => new Version(1, 0) + TimeZoneInfo.Utc.Id + Lambda()();
        private static Func<string> Lambda() => () => new ArgumentException().Message;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every type <paramref name="type"/> names: in its signatures, base types, attributes and method bodies (nested types, lambdas and state machines included).</summary>
    internal static HashSet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (!found.Add(t)) return;
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
        }
        void AddAttributes(MemberInfo m)
        {
            foreach (var a in m.CustomAttributes) Add(a.AttributeType);
        }

        foreach (var t in new[] { type }.Concat(type.GetNestedTypes(All)))
        {
            Add(t.BaseType);
            foreach (var i in t.GetInterfaces()) Add(i);
            AddAttributes(t);
            foreach (var f in t.GetFields(All)) { Add(f.FieldType); AddAttributes(f); }
            foreach (var p in t.GetProperties(All)) { Add(p.PropertyType); AddAttributes(p); }
            foreach (var m in t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
            {
                if (m is MethodInfo mi) Add(mi.ReturnType);
                foreach (var p in m.GetParameters()) Add(p.ParameterType);
                AddAttributes(m);
                foreach (var used in BodyReferences(t, m)) Add(used);
            }
            if (t != type) foreach (var used in References(t)) Add(used);
        }
        return found;
    }

    private static IEnumerable<Type> BodyReferences(Type owner, MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = owner.IsGenericType ? owner.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            var value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += value > 0xFF || value < 0 ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op)) yield break; // not IL we know: stop rather than misread
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    if (member is Type t) yield return t;
                    else if (member is not null)
                    {
                        if (member.DeclaringType is { } d) yield return d;
                        if (member is FieldInfo f) yield return f.FieldType;
                        if (member is MethodInfo m)
                        {
                            yield return m.ReturnType;
                            if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                        }
                    }
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                default: i += 4; break;
            }
        }
    }
}
