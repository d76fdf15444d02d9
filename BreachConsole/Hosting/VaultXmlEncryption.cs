using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using BreachConsole.Core.Vault;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace BreachConsole.Hosting;

/// <summary>
/// Protects the data-protection key ring (what signs sign-in cookies and antiforgery tokens) with the vault's KEK
/// provider: each key's XML is sealed with AES-256-GCM under a fresh key that the KEK wraps, so the
/// <c>dataprotection-keys</c> folder copied out of <c>data/</c> cannot forge a session without the key ring or KMS.
/// </summary>
public sealed class VaultXmlEncryptor(IKeyEncryptionKeyProvider kek) : IXmlEncryptor
{
    internal const string ElementName = "vaultEncrypted";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var key = RandomNumberGenerator.GetBytes(32);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            // Data protection asks synchronously, once per new key (every 90 days); the provider is async.
            var wrapped = kek.WrapAsync(key, CancellationToken.None).GetAwaiter().GetResult();
            var nonce = RandomNumberGenerator.GetBytes(12);
            var sealedValue = new byte[plain.Length];
            var tag = new byte[16];
            using (var aes = new AesGcm(key, tag.Length))
            {
                aes.Encrypt(nonce, plain, sealedValue, tag, Encoding.UTF8.GetBytes(wrapped.KekId));
            }

            var element = new XElement(ElementName,
                new XAttribute("kekId", wrapped.KekId),
                new XElement("wrappedKey", Convert.ToBase64String(wrapped.Wrapped)),
                new XElement("nonce", Convert.ToBase64String(nonce)),
                new XElement("tag", Convert.ToBase64String(tag)),
                new XElement("value", Convert.ToBase64String(sealedValue)));
            return new EncryptedXmlInfo(element, typeof(VaultXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}

/// <summary>Opens what <see cref="VaultXmlEncryptor"/> sealed (created by data protection through its activator).</summary>
public sealed class VaultXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var kek = services.GetRequiredService<IKeyEncryptionKeyProvider>();
        var kekId = (string?)encryptedElement.Attribute("kekId") ?? throw new KeyProviderException("A protected data-protection key names no KEK.");
        var key = kek.UnwrapAsync(kekId, Convert.FromBase64String((string)encryptedElement.Element("wrappedKey")!), CancellationToken.None)
            .GetAwaiter().GetResult();
        var sealedValue = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plain = new byte[sealedValue.Length];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(Convert.FromBase64String((string)encryptedElement.Element("nonce")!), sealedValue,
                Convert.FromBase64String((string)encryptedElement.Element("tag")!), plain, Encoding.UTF8.GetBytes(kekId));
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new KeyProviderException($"A data-protection key sealed under '{kekId}' failed authentication.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}

/// <summary>The KEKs the data-protection key ring still needs: each sealed key names the KEK that wrapped its own key.</summary>
public sealed class DataProtectionKekUsage(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions> options)
    : IKekUsage
{
    public IReadOnlySet<string> KekIdsInUse() =>
        (options.Value.XmlRepository?.GetAllElements() ?? [])
            .SelectMany(e => e.DescendantsAndSelf(VaultXmlEncryptor.ElementName))
            .Select(e => (string?)e.Attribute("kekId"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
}
