using FluentValidation;

namespace BreachConsole.Core.Common;

/// <summary>A page of results and the total the filter matched.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>1-based paging; the validator bounds it so a request cannot ask the database for everything.</summary>
public record PageRequest(int Page = 1, int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Deep enough for any listing here, and small enough that the row offset never overflows.</summary>
    public const int MaxPage = 1_000_000;

    public int Skip => (Page - 1) * PageSize;
}

public static class PagingRules
{
    public static void AddPagingRules<T>(this AbstractValidator<T> validator, Func<T, PageRequest> paging)
    {
        validator.RuleFor(x => paging(x).Page).InclusiveBetween(1, PageRequest.MaxPage).OverridePropertyName("page");
        validator.RuleFor(x => paging(x).PageSize).InclusiveBetween(1, PageRequest.MaxPageSize).OverridePropertyName("pageSize");
    }
}
