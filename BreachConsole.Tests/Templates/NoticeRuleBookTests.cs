using System.Text;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;

namespace BreachConsole.Tests.Templates;

public sealed class NoticeRuleBookTests
{
    [Fact]
    public void LoadEmbedded_ShippedFile_HasReviewDateAndASourcePerRule()
    {
        var book = NoticeRuleBook.LoadEmbedded();

        Assert.True(book.ReviewedOn > new DateOnly(2026, 1, 1));
        Assert.Equal(["GDPR-34", "CA-1798.82", "HIPAA-164.404", "CO-6-1-716", "FL-501.171", "PR-111-2005", "NY-899-aa", "DE-12B-102"], book.Packs.Select(p => p.Id));
        Assert.All(book.Packs.SelectMany(p => p.Rules), r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
        Assert.Equal(4, book.Packs[0].Rules.Count);
    }

    [Fact]
    public void PacksFor_EmailInEuAndCalifornia_ReturnsThoseTwo()
    {
        var packs = NoticeRuleBook.LoadEmbedded().PacksFor(Channel.Email, ["EU", "US-CA"]).Select(p => p.Id);

        Assert.Equal(["GDPR-34", "CA-1798.82"], packs);
    }

    [Theory]
    [InlineData("""{ "packs": [] }""", "reviewedOn")]
    [InlineData("""{ "reviewedOn": "2026-01-01", "packs": [ { "id": "X", "source": "s", "jurisdictions": ["EU"], "rules": [ { "id": "r", "requirement": "q", "variables": ["dpo.contact"] } ] } ] }""", "source")]
    [InlineData("""{ "reviewedOn": "2026-01-01", "packs": [ { "id": "X", "source": "s", "jurisdictions": ["XX"], "rules": [] } ] }""", "jurisdiction")]
    [InlineData("""{ "reviewedOn": "2026-01-01", "packs": [ { "id": "X", "source": "s", "jurisdictions": ["EU"], "rules": [ { "id": "r", "requirement": "q", "source": "s", "variables": ["customer.ssn"] } ] } ] }""", "unknown variables")]
    [InlineData("""{ "reviewedOn": "2026-01-01", "packs": [ { "id": "X", "source": "s", "jurisdictions": ["EU"], "rules": [ { "id": "r", "requirement": "q", "source": "s", "variables": ["dpo.contact"], "minimums": { "protection.years": 1 } } ] } ] }""", "minimums for unknown variables")]
    public void Load_InvalidFile_RefusesNamingTheProblem(string json, string expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var ex = Assert.Throws<InvalidOperationException>(() => NoticeRuleBook.Load(stream, "test.json"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
