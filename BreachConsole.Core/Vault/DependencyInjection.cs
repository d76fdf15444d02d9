using Amazon;
using Amazon.KeyManagementService;
using BreachConsole.Core.Configuration;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Vault;

public static class DependencyInjection
{
    /// <summary>The PII vault: the KEK provider chosen by <c>Keys:Provider</c>, data keys, rotation, and log redaction.</summary>
    public static IHostApplicationBuilder AddVault(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedSettings<KeysOptions, KeysOptionsValidator>(KeysOptions.Section);
        services.AddSingleton<LocalKeyRing>();
        services.AddSingleton<IAmazonKeyManagementService>(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<KeysOptions>>().Value;
            var config = new AmazonKeyManagementServiceConfig();
            if (keys.AwsServiceUrl is not null)
            {
                config.ServiceURL = keys.AwsServiceUrl.ToString();
                config.AuthenticationRegion = keys.AwsRegion ?? "us-east-1";
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(keys.AwsRegion);
            }

            // Credentials come from the SDK's default chain (environment, profile, instance role).
            return new AmazonKeyManagementServiceClient(config);
        });
        services.AddSingleton<IKeyEncryptionKeyProvider>(sp =>
            sp.GetRequiredService<IOptions<KeysOptions>>().Value.Provider == KeyProvider.AwsKms
                ? ActivatorUtilities.CreateInstance<AwsKmsKeyProvider>(sp)
                : sp.GetRequiredService<LocalKeyRing>());
        services.AddSingleton<VaultKeyStore>();
        services.AddSingleton<KeyRotationService>();
        services.AddSingleton<ReencryptionSignal>();
        services.AddSingleton<DataKeyRotationService>();
        services.AddSingleton<Reencryptor>();
        services.AddHostedService<ReencryptionWorker>();

        // Safety net: a parameter or property classified as personal data is erased before any log provider sees it.
        services.AddRedaction(r => r.SetRedactor<ErasingRedactor>(new DataClassificationSet(PiiTaxonomy.Personal)));
        builder.Logging.EnableRedaction();
        return builder;
    }
}
