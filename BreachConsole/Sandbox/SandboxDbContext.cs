using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Sandbox;

/// <summary>
/// The sandbox's own state: what a Genesys org would hold. It lives in its own SQLite file (<c>Genesys:Sandbox:Database</c>),
/// never in the console's database. It is a test double's scratch state with no migrations history to keep, so it is made
/// with <c>EnsureCreated</c> (delete the file to reset it).
/// </summary>
internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    public DbSet<SandboxContactList> ContactLists => Set<SandboxContactList>();
    public DbSet<SandboxContact> Contacts => Set<SandboxContact>();
    public DbSet<SandboxCampaign> Campaigns => Set<SandboxCampaign>();
    public DbSet<SandboxDelivery> Deliveries => Set<SandboxDelivery>();
    public DbSet<SandboxDncList> DncLists => Set<SandboxDncList>();
    public DbSet<SandboxDncEntry> DncEntries => Set<SandboxDncEntry>();
    public DbSet<SandboxFilter> Filters => Set<SandboxFilter>();
    public DbSet<SandboxResponseLibrary> ResponseLibraries => Set<SandboxResponseLibrary>();
    public DbSet<SandboxResponse> Responses => Set<SandboxResponse>();

    /// <summary>Bumped whenever the tables change; a file of another version is recreated on start (it is scratch state).</summary>
    public const int SchemaVersion = 2;
    public const string SchemaVersionPragma = "PRAGMA user_version = 2;";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SandboxContactList>().HasKey(x => x.Id);
        modelBuilder.Entity<SandboxContactList>().HasIndex(x => x.Name);
        modelBuilder.Entity<SandboxContact>().HasKey(x => new { x.ContactListId, x.Id });
        modelBuilder.Entity<SandboxContact>().HasIndex(x => new { x.ContactListId, x.Sequence });
        modelBuilder.Entity<SandboxCampaign>().HasKey(x => x.Id);
        modelBuilder.Entity<SandboxCampaign>().HasIndex(x => new { x.Kind, x.Name });
        modelBuilder.Entity<SandboxDelivery>().HasKey(x => x.Sequence);
        modelBuilder.Entity<SandboxDelivery>().HasIndex(x => new { x.CampaignId, x.ContactId, x.Pass, x.QueueVersion }).IsUnique();
        modelBuilder.Entity<SandboxDelivery>().HasIndex(x => new { x.ContactListId, x.ContactId });
        modelBuilder.Entity<SandboxDelivery>().HasIndex(x => x.ContactKey);
        modelBuilder.Entity<SandboxDncList>().HasKey(x => x.Id);
        modelBuilder.Entity<SandboxDncEntry>().HasKey(x => new { x.DncListId, x.Value });
        modelBuilder.Entity<SandboxFilter>().HasKey(x => x.Id);
        modelBuilder.Entity<SandboxResponseLibrary>().HasKey(x => x.Id);
        modelBuilder.Entity<SandboxResponse>().HasKey(x => x.Id);
    }
}

internal sealed class SandboxContactList
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    /// <summary>The list as posted (ContactList JSON), answered back on reads.</summary>
    public required string Json { get; set; }
    public long CreatedAtMs { get; init; }
}

internal sealed class SandboxContact
{
    public required string ContactListId { get; init; }
    public required string Id { get; init; }
    /// <summary>Insertion order, so delivery walks a list as Genesys would.</summary>
    public long Sequence { get; init; }
    public required string DataJson { get; set; }
    public bool Callable { get; set; } = true;
    public long UpdatedAtMs { get; set; }
    /// <summary>
    /// Bumped when the contact is updated with <c>doNotQueue=false</c>: Genesys re-queues it, so a campaign over its list
    /// (running, or started later) reaches it again although it already had its message.
    /// </summary>
    public int QueueVersion { get; set; }
}

internal sealed class SandboxCampaign
{
    public required string Id { get; init; }
    /// <summary><c>messaging</c> or <c>voice</c>.</summary>
    public required string Kind { get; init; }
    public required string Name { get; set; }
    public required string ContactListId { get; set; }
    public required string Status { get; set; }
    /// <summary>The campaign as posted or last PUT (its <c>version</c> included), answered back on reads.</summary>
    public required string Json { get; set; }
    public long CreatedAtMs { get; init; }
    /// <summary>Which pass over the list this is: starting a <c>complete</c> campaign recycles it and walks the whole list again.</summary>
    public int Pass { get; set; }
}

internal static class DeliveryOutcome
{
    public const string Delivered = "delivered";
    public const string Dnc = "dnc";
    public const string Uncallable = "uncallable";
    public const string NoAddress = "noAddress";
    public const string Filtered = "filtered";
}

internal sealed class SandboxDelivery
{
    public long Sequence { get; init; }
    public required string CampaignId { get; init; }
    public required string ContactListId { get; init; }
    public required string ContactId { get; init; }
    public required string ContactKey { get; init; }
    public required string Channel { get; init; }
    public string? Address { get; init; }
    public required string Outcome { get; init; }
    /// <summary>The campaign's pass and the contact's queue version this record answers (see those fields).</summary>
    public int Pass { get; init; }
    public int QueueVersion { get; init; }
    /// <summary>The address column the message went to (the key of <c>latestSmsEvaluations</c> and the like).</summary>
    public string? Column { get; init; }
    /// <summary>An email's subject, as the content template's substitutions rendered it from the contact's columns.</summary>
    public string? Subject { get; init; }
    /// <summary>A second message to the same <c>contactKey</c>, whatever list or campaign the first came from.</summary>
    public bool Duplicate { get; init; }
    public long AtMs { get; init; }
}

internal sealed class SandboxDncList
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Json { get; set; }
    public long CreatedAtMs { get; init; }
}

internal sealed class SandboxDncEntry
{
    public required string DncListId { get; init; }
    public required string Value { get; init; }
}

internal sealed class SandboxFilter
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Json { get; set; }
    public long CreatedAtMs { get; init; }
}

internal sealed class SandboxResponseLibrary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Json { get; set; }
    public long CreatedAtMs { get; init; }
}

internal sealed class SandboxResponse
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string ResponseType { get; init; }
    /// <summary>The ids of the libraries it belongs to, space-separated (for the <c>libraryId</c> query).</summary>
    public required string LibraryIds { get; init; }
    public required string Json { get; set; }
    public long CreatedAtMs { get; init; }
}
