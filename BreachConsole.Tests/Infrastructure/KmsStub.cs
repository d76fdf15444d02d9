using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Tests.Infrastructure;

/// <summary>
/// A small AWS KMS on loopback speaking the JSON 1.1 protocol (<c>X-Amz-Target: TrentService.*</c>): GenerateDataKey,
/// Encrypt, Decrypt and RotateKeyOnDemand for one key. Blobs are [key version][nonce][ciphertext][tag] under that
/// version's material, so a rotation keeps old blobs decryptable like real KMS does.
/// </summary>
public sealed class KmsStub : IAsyncDisposable
{
    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private readonly WebApplication _app;
    private readonly List<byte[]> _versions = [RandomNumberGenerator.GetBytes(32)];

    public ConcurrentQueue<string> Calls { get; } = new();

    private KmsStub(WebApplication app) => _app = app;

    public Uri Url => LoopbackHost.Address(_app);

    public static async Task<KmsStub> StartAsync()
    {
        var app = LoopbackHost.Create();
        var stub = new KmsStub(app);
        app.MapPost("/", (Delegate)stub.HandleAsync);
        await app.StartAsync();
        return stub;
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith("TrentService.", StringComparison.Ordinal) ? target["TrentService.".Length..] : target;
        Calls.Enqueue(operation);
        if (string.IsNullOrEmpty(http.Request.Headers.Authorization))
        {
            return Error(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }

        var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
        var keyId = body["KeyId"]?.GetValue<string>();
        if (keyId is not null && keyId != KeyArn)
        {
            return Error(400, "NotFoundException", "Key not found");
        }

        switch (operation)
        {
            case "GenerateDataKey":
            {
                var plaintext = RandomNumberGenerator.GetBytes(32);
                return Json(new JsonObject { ["KeyId"] = KeyArn, ["Plaintext"] = Convert.ToBase64String(plaintext), ["CiphertextBlob"] = Convert.ToBase64String(Seal(plaintext)) });
            }

            case "Encrypt":
                return Json(new JsonObject { ["KeyId"] = KeyArn, ["CiphertextBlob"] = Convert.ToBase64String(Seal(Convert.FromBase64String(body["Plaintext"]!.GetValue<string>()))) });
            case "Decrypt":
            {
                var plaintext = Open(Convert.FromBase64String(body["CiphertextBlob"]!.GetValue<string>()));
                return plaintext is null
                    ? Error(400, "InvalidCiphertextException", "")
                    : Json(new JsonObject { ["KeyId"] = KeyArn, ["Plaintext"] = Convert.ToBase64String(plaintext), ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT" });
            }

            case "RotateKeyOnDemand":
                lock (_versions)
                {
                    _versions.Add(RandomNumberGenerator.GetBytes(32));
                }

                return Json(new JsonObject { ["KeyId"] = KeyArn });
            default:
                return Error(400, "UnknownOperationException", operation);
        }
    }

    private byte[] Seal(byte[] plaintext)
    {
        byte version;
        byte[] key;
        lock (_versions)
        {
            version = (byte)(_versions.Count - 1);
            key = _versions[version];
        }

        var blob = new byte[1 + 12 + plaintext.Length + 16];
        blob[0] = version;
        RandomNumberGenerator.Fill(blob.AsSpan(1, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(blob.AsSpan(1, 12), plaintext, blob.AsSpan(13, plaintext.Length), blob.AsSpan(^16));
        return blob;
    }

    private byte[]? Open(byte[] blob)
    {
        byte[] key;
        lock (_versions)
        {
            if (blob.Length < 29 || blob[0] >= _versions.Count)
            {
                return null;
            }

            key = _versions[blob[0]];
        }

        var plaintext = new byte[blob.Length - 29];
        using var aes = new AesGcm(key, 16);
        try
        {
            aes.Decrypt(blob.AsSpan(1, 12), blob.AsSpan(13, plaintext.Length), blob.AsSpan(^16), plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static IResult Json(JsonObject body) =>
        Results.Text(body.ToJsonString(), "application/x-amz-json-1.1");

    private static IResult Error(int status, string type, string message) =>
        Results.Text(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), "application/x-amz-json-1.1", statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
