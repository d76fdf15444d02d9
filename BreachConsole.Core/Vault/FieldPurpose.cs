namespace BreachConsole.Core.Vault;

/// <summary>Purposes bound into each envelope as associated data: a value only opens in the column it was sealed for.</summary>
public static class FieldPurpose
{
    public const string CustomerId = "contact.customerId";
    public const string FirstName = "contact.firstName";
    public const string LastName = "contact.lastName";
    public const string Email = "contact.email";
    public const string Phone = "contact.phone";
}
