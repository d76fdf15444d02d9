using System.Text;
using BreachConsole.Core.Intake;

namespace BreachConsole.Tests.Intake;

public sealed class WebhookSignaturesTests
{
    // PagerDuty's own published verification example (github.com/PagerDuty/go-pagerduty, webhookv3/webhookv3_test.go):
    // this secret, this body and this signature verify; the "mismatch" signature does not.
    private const string PagerDutyExampleSecret = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK";
    private const string PagerDutyExampleSignature = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
    private const string PagerDutyExampleMismatch = "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";

    internal const string PagerDutyExampleBody = """{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2021-04-26T17:36:27.458Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road","service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH","summary":"API Service","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G","id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],"escalation_policy":{"html_url":"https://acme.pagerduty.com/escalation_policies/PUS0KTE","id":"PUS0KTE","self":"https://api.pagerduty.com/escalation_policies/PUS0KTE","summary":"Default","type":"escalation_policy_reference"},"teams":[{"html_url":"https://acme.pagerduty.com/teams/PFCVPS0","id":"PFCVPS0","self":"https://api.pagerduty.com/teams/PFCVPS0","summary":"Engineering","type":"team_reference"}],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities","id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P1","type":"priority_reference"},"urgency":"high","conference_bridge":{"conference_number":1000,"conference_url":"https://example.com"},"resolve_reason":null}}}""";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":{"id":"E1","event_type":"incident.triggered"}}""");

    [Fact]
    public void VerifyPagerDuty_PublishedExample_Verifies()
    {
        var body = Encoding.UTF8.GetBytes(PagerDutyExampleBody);

        Assert.True(WebhookSignatures.VerifyPagerDuty(body, PagerDutyExampleSignature, [PagerDutyExampleSecret]));
        Assert.False(WebhookSignatures.VerifyPagerDuty(body, PagerDutyExampleMismatch, [PagerDutyExampleSecret]));
        Assert.Equal(PagerDutyExampleSignature, "v1=" + WebhookSignatures.Sign(body, PagerDutyExampleSecret));
    }

    [Fact]
    public void VerifyPagerDuty_Valid_True() =>
        Assert.True(WebhookSignatures.VerifyPagerDuty(Body, "v1=" + WebhookSignatures.Sign(Body, "secret-one"), ["secret-one"]));

    [Theory]
    [InlineData("old-secret-1", "new-secret-2")]
    [InlineData("new-secret-2", "old-secret-1")]
    public void VerifyPagerDuty_RotatedPairInEitherOrder_True(string signedWith, string other)
    {
        // During a rotation PagerDuty signs with both secrets; the console may hold only one of them, or both.
        var header = $"v1={WebhookSignatures.Sign(Body, signedWith)},v1={WebhookSignatures.Sign(Body, other)}";

        Assert.True(WebhookSignatures.VerifyPagerDuty(Body, header, ["old-secret-1"]));
        Assert.True(WebhookSignatures.VerifyPagerDuty(Body, header, ["new-secret-2"]));
        Assert.True(WebhookSignatures.VerifyPagerDuty(Body, "v1=" + WebhookSignatures.Sign(Body, signedWith), ["old-secret-1", "new-secret-2"]));
    }

    [Fact]
    public void VerifyPagerDuty_WrongSecret_False() =>
        Assert.False(WebhookSignatures.VerifyPagerDuty(Body, "v1=" + WebhookSignatures.Sign(Body, "someone-else"), ["secret-one"]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=")]
    [InlineData("v1=zz")]
    [InlineData("sha256=abc")]
    public void VerifyPagerDuty_MissingOrMalformedHeader_False(string? header) =>
        Assert.False(WebhookSignatures.VerifyPagerDuty(Body, header, ["secret-one"]));

    [Fact]
    public void VerifyPagerDuty_AlteredBody_False()
    {
        var header = "v1=" + WebhookSignatures.Sign(Body, "secret-one");
        var altered = (byte[])Body.Clone();
        altered[^3] ^= 1;

        Assert.False(WebhookSignatures.VerifyPagerDuty(altered, header, ["secret-one"]));
    }

    [Fact]
    public void VerifyPagerDuty_NoSecretsConfigured_False() =>
        Assert.False(WebhookSignatures.VerifyPagerDuty(Body, "v1=" + WebhookSignatures.Sign(Body, ""), []));

    [Fact]
    public void VerifyJira_Valid_TrueAndWrongSecretOrAlteredBodyFalse()
    {
        var header = "sha256=" + WebhookSignatures.Sign(Body, "jira-secret");
        var altered = (byte[])Body.Clone();
        altered[0] = (byte)' ';

        Assert.True(WebhookSignatures.VerifyJira(Body, header, "jira-secret"));
        Assert.False(WebhookSignatures.VerifyJira(Body, header, "other-secret"));
        Assert.False(WebhookSignatures.VerifyJira(altered, header, "jira-secret"));
        Assert.False(WebhookSignatures.VerifyJira(Body, null, "jira-secret"));
        Assert.False(WebhookSignatures.VerifyJira(Body, "v1=" + WebhookSignatures.Sign(Body, "jira-secret"), "jira-secret"));
    }
}
