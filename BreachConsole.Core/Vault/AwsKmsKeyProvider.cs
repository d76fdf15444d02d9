using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Vault;

/// <summary>
/// <c>Keys:Provider=AwsKms</c>: the KEK is a KMS key (<c>Keys:AwsKmsKeyId</c>). Data keys come from
/// <c>GenerateDataKey</c>, are unwrapped with <c>Decrypt</c>, and are re-wrapped with <c>Encrypt</c> after a rotation
/// (<c>RotateKeyOnDemand</c> gives the KMS key new backing material; KMS keeps the old material for old blobs).
/// </summary>
public sealed class AwsKmsKeyProvider(IAmazonKeyManagementService kms, IOptions<KeysOptions> options, ILogger<AwsKmsKeyProvider> logger)
    : IKeyEncryptionKeyProvider
{
    private string KeyId => options.Value.AwsKmsKeyId ?? throw new KeyProviderException("Keys:AwsKmsKeyId is not set.");

    public async Task<GeneratedDataKey> GenerateDataKeyAsync(CancellationToken cancellationToken)
    {
        var response = await Call(() => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = KeyId, KeySpec = DataKeySpec.AES_256 }, cancellationToken));
        return new GeneratedDataKey(response.Plaintext.ToArray(), response.KeyId ?? KeyId, response.CiphertextBlob.ToArray());
    }

    public async Task<WrappedDataKey> WrapAsync(byte[] plaintext, CancellationToken cancellationToken)
    {
        using var plain = new MemoryStream(plaintext, writable: false);
        var response = await Call(() => kms.EncryptAsync(new EncryptRequest { KeyId = KeyId, Plaintext = plain }, cancellationToken));
        return new WrappedDataKey(response.KeyId ?? KeyId, response.CiphertextBlob.ToArray());
    }

    public async Task<byte[]> UnwrapAsync(string kekId, byte[] wrapped, CancellationToken cancellationToken)
    {
        using var blob = new MemoryStream(wrapped, writable: false);
        var response = await Call(() => kms.DecryptAsync(new DecryptRequest { KeyId = kekId, CiphertextBlob = blob }, cancellationToken));
        return response.Plaintext.ToArray();
    }

    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await Call(() => kms.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = KeyId }, cancellationToken));
        Log.KekRotated(logger, KeyId, 0);
        return KeyId;
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonKeyManagementServiceException ex)
        {
            // The SDK's message is AWS's text about the key (never our data); keep the error code for the operator.
            throw new KeyProviderException($"AWS KMS refused the request ({ex.ErrorCode ?? ex.StatusCode.ToString()}).", ex);
        }
    }
}
