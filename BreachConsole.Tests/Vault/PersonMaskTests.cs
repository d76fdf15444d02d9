using BreachConsole.Core.Vault;

namespace BreachConsole.Tests.Vault;

public sealed class PersonMaskTests
{
    [Theory]
    [InlineData("+12025550123", "+1 *** *** 0123")]
    [InlineData("+17875550199", "+1 *** *** 0199")]
    [InlineData("+33612345678", "+33 *** *** 5678")]
    [InlineData("+4915123456789", "+49 *** *** 6789")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Phone_E164_ShowsCountryCodeAndLastFour(string? phone, string expected) => Assert.Equal(expected, PersonMask.Phone(phone));

    [Theory]
    [InlineData("jane.doe@example.com", "j***@example.com")]
    [InlineData("Z@bücher.de", "Z***@bücher.de")]
    [InlineData("not-an-email", "***")]
    [InlineData(null, "")]
    public void Email_ShowsFirstLetterAndDomain(string? email, string expected) => Assert.Equal(expected, PersonMask.Email(email));

    [Theory]
    [InlineData("Jane", "J.")]
    [InlineData(" élodie", "É.")]
    [InlineData("", "")]
    public void Name_ShowsInitial(string name, string expected) => Assert.Equal(expected, PersonMask.Name(name));
}
