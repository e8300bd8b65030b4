using FluentAssertions;
using Sigap.Web.Components;

namespace Sigap.Tests.Components;

/// <summary>The page base cancels its token when the page goes, and work still running may read it afterwards.</summary>
public sealed class SigapPageTests
{
    private sealed class Page : SigapPage
    {
        public int CleanUps;
        public CancellationToken Token => Ct;
        protected override void OnDisposed() => CleanUps++;
    }

    [Fact]
    public void Disposing_the_page_cancels_its_token_once_and_runs_the_pages_own_clean_up()
    {
        var page = new Page();
        var token = page.Token;
        token.IsCancellationRequested.Should().BeFalse();

        page.Dispose();
        page.Dispose();

        token.IsCancellationRequested.Should().BeTrue();
        page.Token.IsCancellationRequested.Should().BeTrue("reading the token after disposal must not throw");
        page.CleanUps.Should().Be(1);
    }
}
