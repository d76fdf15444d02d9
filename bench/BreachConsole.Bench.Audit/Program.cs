// Audit trail benchmark: verify a 1,000,000-entry chain (target < 10 s) and read a filtered page at that size
// (target < 100 ms), on a real SQLite file through the product's own AuditTrail.
// Run: dotnet run -c Release --project bench/BreachConsole.Bench.Audit [-- entries]
using System.Diagnostics;
using System.Globalization;
using BreachConsole.Core;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var folder = Path.Combine(Path.GetTempPath(), "breachconsole-bench-audit", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
var database = Path.Combine(folder, "bench.db");

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:BreachConsole"] = $"Data Source={database}",
    ["Demo:Seed"] = "false",
});
builder.AddBreachConsoleCore();
using var host = builder.Build();
await host.StartAsync();
var trail = host.Services.GetRequiredService<AuditTrail>();
var vaultKeys = await host.Services.GetRequiredService<BreachConsole.Core.Vault.VaultKeyStore>().GetAsync();

// Seed a chain the way the product links it (same canonical hash), in one bulk transaction.
var actors = new[] { "ops.carol", "ops.dave", "legal.alice", "legal.bob", "auditor.erin", "system" };
var actions = typeof(AuditActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
var seed = Stopwatch.StartNew();
await using (var connection = new SqliteConnection($"Data Source={database}"))
{
    await connection.OpenAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO AuditEntries (Sequence, At, Actor, Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash, Seal) " +
                         "VALUES ($s, $at, $actor, $role, $action, $target, $outcome, $details, NULL, $prev, $hash, $seal)";
    var p = new Dictionary<string, SqliteParameter>();
    foreach (var name in new[] { "$s", "$at", "$actor", "$role", "$action", "$target", "$outcome", "$details", "$prev", "$hash", "$seal" })
    {
        p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
    }

    var previous = AuditCanonical.GenesisHash;
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var random = new Random(42);
    for (long s = 1; s <= entries; s++)
    {
        var entry = new AuditEntry
        {
            Sequence = s,
            At = start.AddSeconds(s),
            Actor = actors[random.Next(actors.Length)],
            Role = "Operations",
            Action = actions[random.Next(actions.Length)],
            Target = $"campaign:{random.Next(1000)}",
            Outcome = random.Next(50) == 0 ? AuditOutcome.Denied : AuditOutcome.Success,
            Details = "{\"count\":\"100\"}",
            PreviousHash = previous,
            Hash = "",
        };
        entry.Hash = AuditCanonical.ComputeHash(entry);
        previous = entry.Hash;
        p["$s"].Value = entry.Sequence;
        p["$at"].Value = entry.At.UtcTicks;
        p["$actor"].Value = entry.Actor;
        p["$role"].Value = entry.Role;
        p["$action"].Value = entry.Action;
        p["$target"].Value = entry.Target;
        p["$outcome"].Value = entry.Outcome.ToString();
        p["$details"].Value = entry.Details;
        p["$prev"].Value = entry.PreviousHash;
        p["$hash"].Value = entry.Hash;
        p["$seal"].Value = vaultKeys.SealAuditHash(entry.Hash);
        await insert.ExecuteNonQueryAsync();
    }

    await transaction.CommitAsync();
}

Console.WriteLine($"seeded {entries:N0} entries in {seed.Elapsed.TotalSeconds:F1} s");

var verify = Stopwatch.StartNew();
var result = await trail.VerifyChainAsync();
verify.Stop();
Console.WriteLine($"verify: valid={result.Valid} entries={result.Entries:N0} in {verify.Elapsed.TotalSeconds:F2} s (target < 10 s)");

var auditor = new Actor("auditor.erin", [Roles.Auditor]);
var queries = new (string Name, AuditQuery Query)[]
{
    ("actor + action", new AuditQuery(Actor: "ops.carol", Action: AuditActions.CampaignLaunched)),
    ("action + outcome", new AuditQuery(Action: AuditActions.TemplateApproved, Outcome: AuditOutcome.Denied)),
    ("target", new AuditQuery(Target: "campaign:42")),
    ("date range", new AuditQuery(From: new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero))),
    ("actor, page 100", new AuditQuery(Actor: "legal.bob", Page: 100)),
};
foreach (var (name, query) in queries)
{
    await trail.QueryAsync(auditor, query); // warm
    var times = new List<double>();
    Page<AuditEntryView>? page = null;
    for (var i = 0; i < 5; i++)
    {
        var sw = Stopwatch.StartNew();
        page = await trail.QueryAsync(auditor, query);
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"filtered page [{name}]: median {times[2]:F1} ms, max {times[^1]:F1} ms, total matches {page!.Total:N0} (target < 100 ms)");
}

await host.StopAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
