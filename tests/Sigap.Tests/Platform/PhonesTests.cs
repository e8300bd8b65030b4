using FluentAssertions;
using Sigap.Web.Platform.Errors;

namespace Sigap.Tests.Platform;

public sealed class PhonesTests
{
    [Theory]
    [InlineData("081234567890", "+6281234567890")]
    [InlineData("0812-3456-7890", "+6281234567890")]
    [InlineData("+62 812 3456 7890", "+6281234567890")]
    [InlineData("6281234567890", "+6281234567890")]
    [InlineData("(031) 5678901", "+62315678901")]
    public void Indonesian_numbers_become_E164(string input, string expected) => Phones.ToE164(input).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("+1 415 555 0100")]
    [InlineData("0812abc4567")]
    [InlineData("08123456789012345")]
    public void Other_input_is_refused(string input) => Phones.ToE164(input).Should().BeNull();
}
