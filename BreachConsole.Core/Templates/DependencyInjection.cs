using BreachConsole.Core.Configuration;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Templates;

public static class DependencyInjection
{
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddValidatedSettings<TemplatesOptions, TemplatesOptionsValidator>(TemplatesOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TemplatesOptions>>().Value.RulesFile is { Length: > 0 } path
            ? NoticeRuleBook.LoadFile(path)
            : NoticeRuleBook.LoadEmbedded());
        services.AddSingleton<LiquidTemplates>();
        services.AddSingleton<IValidator<LintSubject>, TemplateLintValidator>();
        services.AddSingleton<IValidator<CreateTemplate>, CreateTemplateValidator>();
        services.AddSingleton<IValidator<EditTemplate>, EditTemplateValidator>();
        services.AddSingleton<IValidator<ReviewTemplate>, ReviewTemplateValidator>();
        services.AddSingleton<TemplateStudio>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<ApprovedTemplates>();
        services.AddSingleton<TemplateCoverage>();
        return services;
    }
}
