using System.Net;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using BreachConsole.Core.Vault;
using BreachConsole.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Tests.Vault;

public sealed class AwsKmsKeyProviderTests : IAsyncLifetime
{
    private KmsStub _kms = null!;

    public async Task InitializeAsync() => _kms = await KmsStub.StartAsync();

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    private AwsKmsKeyProvider Provider(string keyId = KmsStub.KeyArn)
    {
        var client = new AmazonKeyManagementServiceClient(new BasicAWSCredentials("AKIDEXAMPLE", "stub-secret"),
            new AmazonKeyManagementServiceConfig { ServiceURL = _kms.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        return new AwsKmsKeyProvider(client, Options.Create(new KeysOptions { Provider = KeyProvider.AwsKms, AwsKmsKeyId = keyId, AwsServiceUrl = _kms.Url }),
            NullLogger<AwsKmsKeyProvider>.Instance);
    }

    [Fact]
    public async Task GenerateDataKey_ThroughSdk_UnwrapsToSameKey()
    {
        var provider = Provider();

        var generated = await provider.GenerateDataKeyAsync(CancellationToken.None);
        var unwrapped = await provider.UnwrapAsync(generated.KekId, generated.Wrapped, CancellationToken.None);

        Assert.Equal(32, generated.Plaintext.Length);
        Assert.Equal(generated.Plaintext, unwrapped);
        Assert.Equal(KmsStub.KeyArn, generated.KekId);
        Assert.Contains("GenerateDataKey", _kms.Calls);
        Assert.Contains("Decrypt", _kms.Calls);
    }

    [Fact]
    public async Task Rotate_OldWrappedKeyStillUnwrapsAndRewrapWorks()
    {
        var provider = Provider();
        var generated = await provider.GenerateDataKeyAsync(CancellationToken.None);

        await provider.RotateAsync(CancellationToken.None);
        var rewrapped = await provider.WrapAsync(generated.Plaintext, CancellationToken.None);

        Assert.Equal(generated.Plaintext, await provider.UnwrapAsync(generated.KekId, generated.Wrapped, CancellationToken.None));
        Assert.Equal(generated.Plaintext, await provider.UnwrapAsync(rewrapped.KekId, rewrapped.Wrapped, CancellationToken.None));
        Assert.NotEqual(generated.Wrapped, rewrapped.Wrapped);
        Assert.Contains("RotateKeyOnDemand", _kms.Calls);
    }

    [Fact]
    public async Task Unwrap_TamperedBlob_FailsWithKeyProviderException()
    {
        var provider = Provider();
        var generated = await provider.GenerateDataKeyAsync(CancellationToken.None);
        generated.Wrapped[^1] ^= 1;

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() => provider.UnwrapAsync(generated.KekId, generated.Wrapped, CancellationToken.None));
        Assert.Contains("InvalidCiphertextException", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_WithAwsKmsProvider_ImportsAndListsThroughKms()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "stub-secret");
        await using var factory = new KmsConsoleFactory(_kms.Url);
        var ops = factory.Api(DemoUsers.OpsCarol);
        var incident = await ContactsApi.CreateIncidentAsync(ops);

        var import = await ContactsApi.PostCsvAsync(ops, incident, $"{ContactsApi.Header}\n{ContactsApi.Row("K-1")}\n");
        var list = await (await ops.GetAsync($"/api/v1/incidents/{incident}/contacts")).JsonAsync();
        var rotate = await ops.PostAsync("/api/v1/keys/rotate", null);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal("+1 *** *** 0143", list.GetProperty("items")[0].GetProperty("maskedPhone").GetString());
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.Contains("GenerateDataKey", _kms.Calls);
        Assert.Contains("RotateKeyOnDemand", _kms.Calls);
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "keyring.json")), "no local key ring with the KMS provider");
    }

    private sealed class KmsConsoleFactory(Uri kms) : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Keys:Provider"] = "AwsKms",
            ["Keys:AwsKmsKeyId"] = KmsStub.KeyArn,
            ["Keys:AwsServiceUrl"] = kms.ToString(),
            ["Keys:AwsRegion"] = "us-east-1",
        };
    }
}
