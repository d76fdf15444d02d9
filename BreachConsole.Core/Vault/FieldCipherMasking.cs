namespace BreachConsole.Core.Vault;

/// <summary>Masking straight from an envelope: the value is decrypted here, masked, and dropped.</summary>
public static class FieldCipherMasking
{
    /// <param name="token">The contact's token: the row the envelope is bound to.</param>
    public static string MaskedPhone(this FieldCipher cipher, byte[]? envelope, string token) =>
        envelope is null ? "" : PersonMask.Phone(cipher.Decrypt(envelope, FieldPurpose.Phone, token));

    /// <param name="token">The contact's token: the row the envelope is bound to.</param>
    public static string MaskedEmail(this FieldCipher cipher, byte[]? envelope, string token) =>
        envelope is null ? "" : PersonMask.Email(cipher.Decrypt(envelope, FieldPurpose.Email, token));
}
