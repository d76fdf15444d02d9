using FluentValidation;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Configuration;

/// <summary>
/// Adapts a FluentValidation validator to <see cref="IValidateOptions{TOptions}"/> so that a bad setting stops
/// start-up with the full configuration key (<c>Genesys:BatchSize</c>), never a bare property name.
/// </summary>
internal sealed class SettingsValidator<TOptions>(string section, IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        if (result.IsValid)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(result.Errors.Select(e => $"{SettingKey(section, e.PropertyName)}: {e.ErrorMessage}"));
    }

    internal static string SettingKey(string section, string propertyPath) =>
        string.IsNullOrEmpty(propertyPath)
            ? section
            : $"{section}:{propertyPath.Replace('.', ':').Replace("[", ":", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)}";
}
