using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Templates;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Templates;

public sealed class SeededConsoleFactory : ConsoleFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
}

public sealed class TemplateDemoSeedDatabaseTests(SeededConsoleFactory factory) : IClassFixture<SeededConsoleFactory>
{
    [Fact]
    public async Task Seed_EmptyDatabase_NineApprovedCardTemplatesByTheDemoLawyers()
    {
        var service = factory.Services.GetRequiredService<TemplateService>();
        var ops = new Actor("ops.carol", [Roles.Operations]);

        var list = await service.ListAsync(ops);

        var seeded = list.Where(t => t.Name == TemplateDemoSeed.Name).ToList();
        Assert.Equal(TemplateDemoSeed.Set.Count, seeded.Count);
        Assert.All(seeded, t => Assert.Equal(TemplateStatus.Approved, t.LatestStatus));
        var version = (await service.GetAsync(ops, seeded[0].Id)).Versions.Single();
        Assert.Equal(("legal.alice", "legal.bob"), (version.AuthoredBy, version.ApprovedBy));
    }

    [Fact]
    public async Task Seed_PuertoRicanSpanishSms_ServedByNeutralSpanish()
    {
        var resolved = await factory.Services.GetRequiredService<ApprovedTemplates>().ResolveAsync(TemplateDemoSeed.Name, Channel.Sms, "es-PR");

        Assert.Equal("es", resolved!.Locale);
        Assert.Null(await factory.Services.GetRequiredService<ApprovedTemplates>().ResolveAsync(TemplateDemoSeed.Name, Channel.Voice, "it-IT"));
    }

    [Fact]
    public async Task Render_ResolvedEmail_EncodesCustomerValues()
    {
        var resolved = await factory.Services.GetRequiredService<ApprovedTemplates>().ResolveAsync(TemplateDemoSeed.Name, Channel.Email, "es-PR");
        var model = NoticeModel.Sample with { CustomerFirstName = "Ana <b>" };

        var notice = await factory.Services.GetRequiredService<TemplateStudio>().RenderAsync(resolved!, model);

        Assert.Equal("Aviso de violación de datos", notice.Subject);
        Assert.Contains("Estimado/a Ana &lt;b&gt;:", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", notice.Body, StringComparison.Ordinal);
    }
}
