using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;

namespace BreachConsole.Tests.Contacts;

public sealed class ContactCsvTests
{
    private static Func<string, string?> Row(params (string Column, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["customerId"] = "C-1", ["firstName"] = "Jane", ["lastName"] = "Doe", ["email"] = "jane@example.com",
            ["phone"] = "(202) 555-0143", ["country"] = "US", ["preferredLanguage"] = "en-us", ["preferredChannel"] = "sms",
        };
        foreach (var (column, value) in overrides)
        {
            values[column] = value;
        }

        return c => values.GetValueOrDefault(c);
    }

    [Theory]
    [InlineData("es-pr", "es-PR")]
    [InlineData("ES_pr", "es-PR")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("en", "en")]
    [InlineData("es-419", "es-419")]
    public void LanguageTag_ValidTags_Normalized(string input, string expected)
    {
        Assert.True(LanguageTag.TryNormalize(input, out var tag));
        Assert.Equal(expected, tag);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("e")]
    [InlineData("es-P")]
    [InlineData("=1+1")]
    [InlineData("")]
    public void LanguageTag_Invalid_Refused(string input) => Assert.False(LanguageTag.TryNormalize(input, out _));

    [Theory]
    [InlineData("US", "(202) 555-0143", "+12025550143")]
    [InlineData("PR", "787-555-0100", "+17875550100")]
    [InlineData("FR", "06 12 34 56 78", "+33612345678")]
    [InlineData("DE", "+49 151 23456789", "+4915123456789")]
    [InlineData("MX", "55 1234 5678", "+525512345678")]
    public void Validate_PhoneForCountry_NormalizedToE164(string country, string phone, string expected)
    {
        var problems = ContactCsv.Validate(Row(("country", country), ("phone", phone)), out var row);

        Assert.Empty(problems);
        Assert.Equal(expected, row!.Phone);
    }

    [Theory]
    [InlineData("jane@bücher.de", true)]
    [InlineData("JANE@Example.COM", true)]
    [InlineData("jane@localhost", false)]
    [InlineData("jane@@example.com", false)]
    [InlineData("jane doe@example.com", false)]
    [InlineData("Jane <jane@example.com>", false)]
    public void Validate_Email_IdnAllowedSyntaxChecked(string email, bool valid)
    {
        var problems = ContactCsv.Validate(Row(("email", email)), out _);

        Assert.Equal(valid, problems.Count == 0);
    }

    [Theory]
    [InlineData("firstName", "=SUM(A1)")]
    [InlineData("lastName", "+cmd")]
    [InlineData("customerId", "@import")]
    [InlineData("firstName", "-2+3")]
    [InlineData("phone", "=2025550143")]
    public void Validate_FormulaLookingValues_Refused(string column, string value)
    {
        var problems = ContactCsv.Validate(Row((column, value)), out _);

        Assert.Contains(problems, p => p.Column == column);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryColumnOnce()
    {
        var problems = ContactCsv.Validate(Row(("customerId", ""), ("firstName", ""), ("email", "x"), ("phone", "1"), ("country", "XX"),
            ("preferredLanguage", "??"), ("preferredChannel", "Fax")), out var row);

        Assert.Null(row);
        Assert.Equal(["country", "customerId", "email", "firstName", "phone", "preferredChannel", "preferredLanguage"], problems.Select(p => p.Column).Order());
    }

    [Theory]
    [InlineData("787-CALL-NOW", "PR")]
    [InlineData("1-800-FLOWERS", "US")]
    public void Validate_PhoneSpelledWithLetters_PhoneErrorNotKeypadDigits(string phone, string country)
    {
        var problems = ContactCsv.Validate(Row(("country", country), ("phone", phone)), out var row);

        Assert.Null(row);
        Assert.Equal(("phone", "contains letters; write the number in digits."), Assert.Single(problems));
    }

    [Fact]
    public void Validate_NamesInDecomposedForm_StoredComposed()
    {
        var problems = ContactCsv.Validate(Row(("firstName", "Jose\u0301"), ("customerId", "C-E\u0301")), out var row);

        Assert.Empty(problems);
        Assert.Equal(("Jos\u00E9", "C-\u00C9"), (row!.FirstName, row.CustomerId));
    }
}
