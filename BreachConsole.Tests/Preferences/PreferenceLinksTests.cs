using System.Buffers.Text;
using BreachConsole.Core.Common;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Preferences;

/// <summary>The console on a fake clock, so link lifetimes can pass in a test.</summary>
public sealed class FakeClockConsoleFactory : ConsoleFactory
{
    public FakeClockConsoleFactory()
    {
        Time = Clock;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Preferences:PublicBaseUrl"] = "https://prefs.example.com/customer/",
        // An hour, not the 90-day default: every periodic timer in the app (the embedded sandbox's delivery tick, the
        // Genesys pacing bucket, circuit revalidation) runs on this fake clock, and advancing it past a month-long
        // lifetime fired them millions of times (13 minutes of the suite). Expiry logic is the same at any lifetime.
        ["Preferences:LinkLifetime"] = "01:00:00",
        ["Dispatch:Enabled"] = "false",
    };
}

public sealed class PreferenceLinksTests(FakeClockConsoleFactory factory) : IClassFixture<FakeClockConsoleFactory>
{
    private static readonly Actor Ops = new("ops.carol", [Roles.Operations]);

    private IPreferenceLinks Links => factory.Services.GetRequiredService<IPreferenceLinks>();

    private SealedPreferenceLinks Sealed => factory.Services.GetRequiredService<SealedPreferenceLinks>();

    private PreferenceLinkAdmin Admin => factory.Services.GetRequiredService<PreferenceLinkAdmin>();

    private async Task<string> TokenOfAsync(string customerId)
    {
        using var cipher = (await factory.Services.GetRequiredService<VaultKeyStore>().GetAsync()).OpenCipher();
        return cipher.Token(customerId);
    }

    private static string LinkOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task CreateUrl_ContactToken_UnderPublicBaseUrlWithNothingInClear()
    {
        var token = await TokenOfAsync("CUST-000042");

        var url = await Links.CreateUrlAsync(token, CancellationToken.None);

        Assert.StartsWith("https://prefs.example.com/customer/preferences/", url, StringComparison.Ordinal);
        Assert.DoesNotContain(token, url, StringComparison.Ordinal);
        Assert.DoesNotContain("CUST-000042", url, StringComparison.Ordinal);
        Assert.DoesNotContain("?", url, StringComparison.Ordinal);
        // The raw token bytes are not in the link either (sealed, not encoded).
        var linkBytes = Base64Url.DecodeFromChars(LinkOf(url));
        var tokenBytes = Base64Url.DecodeFromChars(token);
        Assert.True(linkBytes.AsSpan().IndexOf(tokenBytes.AsSpan(0, 8)) < 0);
        Assert.True(url.Length < 160, $"short enough for an SMS: {url.Length}");
    }

    [Fact]
    public async Task CreateUrl_SameCustomerTwice_DifferentLinksBothOpeningToThatCustomer()
    {
        var token = await TokenOfAsync("CUST-7");

        var first = await Links.CreateUrlAsync(token, CancellationToken.None);
        var second = await Links.CreateUrlAsync(token, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(token, (await Sealed.OpenAsync(LinkOf(first), CancellationToken.None)).Token);
        var check = await Sealed.OpenAsync(LinkOf(second), CancellationToken.None);
        Assert.Equal(PreferenceLinkStatus.Valid, check.Status);
        Assert.Equal(token, check.Token);
    }

    [Fact]
    public async Task Open_AnyCharacterChanged_Invalid()
    {
        var link = LinkOf(await Links.CreateUrlAsync(await TokenOfAsync("CUST-8"), CancellationToken.None));

        for (var i = 0; i < link.Length; i++)
        {
            var swapped = link[i] == 'A' ? 'B' : 'A';
            var tampered = string.Concat(link.AsSpan(0, i), swapped.ToString(), link.AsSpan(i + 1));
            var check = await Sealed.OpenAsync(tampered, CancellationToken.None);
            Assert.True(check.Status == PreferenceLinkStatus.Invalid, $"position {i}");
            Assert.Null(check.Token);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-link")]
    [InlineData("%%%")]
    [InlineData("AQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Open_Garbage_InvalidWithoutThrowing(string link)
    {
        var check = await Sealed.OpenAsync(link, CancellationToken.None);

        Assert.Equal(PreferenceLinkStatus.Invalid, check.Status);
    }

    [Fact]
    public async Task Open_TruncatedOrExtended_Invalid()
    {
        var link = LinkOf(await Links.CreateUrlAsync(await TokenOfAsync("CUST-9"), CancellationToken.None));

        Assert.Equal(PreferenceLinkStatus.Invalid, (await Sealed.OpenAsync(link[..^1], CancellationToken.None)).Status);
        Assert.Equal(PreferenceLinkStatus.Invalid, (await Sealed.OpenAsync(link + "AA", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Open_AfterLinkLifetime_Expired()
    {
        var link = LinkOf(await Links.CreateUrlAsync(await TokenOfAsync("CUST-10"), CancellationToken.None));

        factory.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMinutes(1));
        Assert.Equal(PreferenceLinkStatus.Valid, (await Sealed.OpenAsync(link, CancellationToken.None)).Status);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(PreferenceLinkStatus.Expired, (await Sealed.OpenAsync(link, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task RevokeForCustomer_EarlierLinksRevoked_LaterLinksAndOtherCustomersOpen()
    {
        var token = await TokenOfAsync("CUST-11");
        var before = LinkOf(await Links.CreateUrlAsync(token, CancellationToken.None));
        var otherCustomer = LinkOf(await Links.CreateUrlAsync(await TokenOfAsync("CUST-12"), CancellationToken.None));

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await Admin.RevokeForCustomerAsync(Ops, "CUST-11");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = LinkOf(await Links.CreateUrlAsync(token, CancellationToken.None));

        Assert.Equal(PreferenceLinkStatus.Revoked, (await Sealed.OpenAsync(before, CancellationToken.None)).Status);
        Assert.Equal(PreferenceLinkStatus.Valid, (await Sealed.OpenAsync(after, CancellationToken.None)).Status);
        Assert.Equal(PreferenceLinkStatus.Valid, (await Sealed.OpenAsync(otherCustomer, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task RevokeForLink_PastedUrl_RevokesThatCustomersLinks()
    {
        var url = await Links.CreateUrlAsync(await TokenOfAsync("CUST-13"), CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        await Admin.RevokeForLinkAsync(Ops, url);

        Assert.Equal(PreferenceLinkStatus.Revoked, (await Sealed.OpenAsync(LinkOf(url), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Revoke_NotOperations_Forbidden()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => Admin.RevokeForCustomerAsync(new Actor("auditor.erin", [Roles.Auditor]), "CUST-1"));
    }

    [Fact]
    public async Task RotateKey_OldLinksKeepOpening_UnlessPreviousKeysRevoked()
    {
        var token = await TokenOfAsync("CUST-14");
        var underFirst = LinkOf(await Links.CreateUrlAsync(token, CancellationToken.None));

        var rotation = await Admin.RotateKeyAsync(Ops, revokePrevious: false);
        var underSecond = LinkOf(await Links.CreateUrlAsync(token, CancellationToken.None));

        Assert.Equal(rotation.KeyId, (await Sealed.OpenAsync(underSecond, CancellationToken.None)).KeyId);
        Assert.Equal(PreferenceLinkStatus.Valid, (await Sealed.OpenAsync(underFirst, CancellationToken.None)).Status);

        var leak = await Admin.RotateKeyAsync(Ops, revokePrevious: true);
        var underThird = LinkOf(await Links.CreateUrlAsync(token, CancellationToken.None));

        Assert.True(leak.RevokedKeys >= 2);
        Assert.Equal(PreferenceLinkStatus.Revoked, (await Sealed.OpenAsync(underFirst, CancellationToken.None)).Status);
        Assert.Equal(PreferenceLinkStatus.Revoked, (await Sealed.OpenAsync(underSecond, CancellationToken.None)).Status);
        Assert.Equal(PreferenceLinkStatus.Valid, (await Sealed.OpenAsync(underThird, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task VaultKekRotation_LinksKeepOpeningAndFieldKeysUnchanged()
    {
        var store = factory.Services.GetRequiredService<VaultKeyStore>();
        var link = LinkOf(await Links.CreateUrlAsync(await TokenOfAsync("CUST-15"), CancellationToken.None));
        byte[] envelope;
        using (var cipher = (await store.GetAsync()).OpenCipher())
        {
            envelope = cipher.Encrypt("x@example.com", FieldPurpose.Email, "row-token");
        }

        await factory.Services.GetRequiredService<KeyRotationService>().RotateAsync(Ops);

        Assert.Equal(PreferenceLinkStatus.Valid, (await Sealed.OpenAsync(link, CancellationToken.None)).Status);
        using var after = (await store.GetAsync()).OpenCipher();
        Assert.Equal("x@example.com", after.Decrypt(envelope, FieldPurpose.Email, "row-token"));
    }
}
