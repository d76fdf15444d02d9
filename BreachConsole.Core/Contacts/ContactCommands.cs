using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using FluentValidation;

namespace BreachConsole.Core.Contacts;

/// <summary>A row problem: the spreadsheet row (header = 1), the column, and why — never the value.</summary>
public sealed record ImportError(long Row, string Column, string Reason);

/// <summary>
/// A row whose customer is already in the incident: <see cref="DuplicateOf"/> is the customer's first row in the same file,
/// or null when the customer came from an earlier import. Rows only — never the customer id.
/// </summary>
public sealed record ImportDuplicate(long Row, long? DuplicateOf);

/// <summary>
/// What an import did. <see cref="ErrorsOmitted"/> counts errors beyond the first <see cref="ContactImportService.MaxReportedErrors"/>,
/// <see cref="DuplicatesOmitted"/> duplicate rows beyond as many.
/// </summary>
public sealed record ImportResult(long Accepted, long Rejected, long Duplicates, IReadOnlyList<ImportError> Errors, long ErrorsOmitted = 0,
    IReadOnlyList<ImportDuplicate>? DuplicateRows = null, long DuplicatesOmitted = 0);

/// <summary>Progress while a file is read: rows seen so far and how many bytes of the file that took.</summary>
public sealed record ImportProgress(long Rows, long Accepted, long Rejected, long Duplicates, long BytesRead);

/// <summary>A contact as people see it: token and masked addresses only.</summary>
public sealed record ContactSummary(string ContactId, string MaskedPhone, string MaskedEmail, string Country, string Locale, Channel Channel);

public sealed record ContactQuery(
    Guid IncidentId,
    string? Country = null,
    string? Locale = null,
    Channel? Channel = null,
    int Page = 1,
    int PageSize = PageRequest.DefaultPageSize) : PageRequest(Page, PageSize);

public sealed class ContactQueryValidator : AbstractValidator<ContactQuery>
{
    public ContactQueryValidator()
    {
        this.AddPagingRules(q => q);
        RuleFor(x => x.Country).Length(2).Must(c => c!.All(char.IsAsciiLetter)).When(x => !string.IsNullOrEmpty(x.Country))
            .WithMessage("A country filter is an ISO 3166-1 alpha-2 code.");
        RuleFor(x => x.Locale).Must(l => LanguageTag.TryNormalize(l, out _)).When(x => !string.IsNullOrEmpty(x.Locale))
            .WithMessage("A locale filter is a BCP 47 tag.");
        RuleFor(x => x.Channel).IsInEnum();
    }
}
