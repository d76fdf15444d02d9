namespace BreachConsole.Core.Common;

/// <summary>
/// A refusal a user can act on. Messages are written for people and never carry personal data: they name
/// ids, rules and states, not values.
/// </summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>An unknown id (404).</summary>
public sealed class NotFoundException(string what, object id) : DomainException($"{what} '{id}' was not found.");

/// <summary>Wrong role or a four-eyes violation (403).</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>Not allowed in the current state (409).</summary>
public sealed class ConflictException(string message) : DomainException(message);
