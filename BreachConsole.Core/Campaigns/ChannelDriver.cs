using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// The Genesys side of a campaign's channels (genesys-cloud.md): one contact list and one campaign per channel — SMS and
/// email as messaging campaigns, voice as an agentless campaign — kept <c>alwaysRunning</c> while batches upload so the
/// first contacts are messaged at once and later ones are not missed, turned off after the last batch so Genesys
/// completes the campaign when the list is exhausted. A completed Genesys campaign is never started again (that would
/// message its whole list a second time). Pause and cancel stop the Genesys campaigns; resume starts them if not complete.
/// </summary>
public sealed partial class ChannelDriver(
    GenesysClient genesys,
    GenesysCampaignControl control,
    IOptions<GenesysEntitiesOptions> entities,
    TimeProvider time,
    ILogger<ChannelDriver> logger)
{
    public static string NameOf(Campaign campaign, Channel channel) => $"BreachConsole {campaign.Id:N} {channel}";

    /// <summary>Creates what is missing and starts the campaign; true when the channel is ready for uploads.</summary>
    public async Task<bool> EnsureReadyAsync(BreachConsoleDbContext db, Campaign campaign, CampaignChannelState channel, CancellationToken cancellationToken)
    {
        if (channel.Started && !channel.Stopped)
        {
            return true;
        }

        var settings = entities.Value;
        var name = NameOf(campaign, channel.Channel);
        var division = settings.EffectiveDivisionId is { } d ? new DomainEntityRef(d) : null;
        if (channel.ContactListId is null)
        {
            var list = await genesys.EnsureContactListAsync(new ContactList
            {
                Name = name,
                ColumnNames = BatchSender.ColumnsOf(channel.Channel),
                PhoneColumns = channel.Channel == Channel.Email ? null : [new ContactPhoneNumberColumn(BatchSender.PhoneColumn, "cell")],
                EmailColumns = channel.Channel == Channel.Email ? [new EmailColumn(BatchSender.EmailColumn, "work")] : null,
                Division = division,
            }, cancellationToken);
            channel.ContactListId = list.Id;
            await db.SaveChangesAsync(cancellationToken);
        }

        // What Genesys answered when the campaign was found or created in this call: its alwaysRunning and status, so they
        // are not read again (each read spends a request of the budget the uploads need). Unknown after a restart: read.
        (bool? AlwaysRunning, string? Status) answered = (null, null);
        if (channel.GenesysCampaignId is null)
        {
            // SMS and email share everything but their channel config.
            var messaging = new MessagingCampaign
            {
                Name = name,
                ContactList = new DomainEntityRef(channel.ContactListId),
                MessagesPerMinute = settings.MessagesPerMinute,
                CampaignStatus = CampaignStatus.Off,
                AlwaysRunning = true,
                DncLists = [],
                ContactListFilters = [],
            };
            answered = channel.Channel switch
            {
                Channel.Sms => Answered(await genesys.EnsureMessagingCampaignAsync(messaging with
                {
                    SmsConfig = new SmsConfig(BatchSender.MessageColumn, BatchSender.PhoneColumn, new SmsPhoneNumberRef(settings.EffectiveSenderNumber)),
                }, cancellationToken), channel),
                Channel.Email => Answered(await genesys.EnsureMessagingCampaignAsync(messaging with
                {
                    EmailConfig = new EmailConfig([BatchSender.EmailColumn],
                        new DomainEntityRef(settings.EffectiveContentTemplateId
                                            ?? await genesys.EnsureEmailContentTemplateAsync("BreachConsole notice", cancellationToken)),
                        new FromEmailAddress(new DomainEntityRef(settings.EffectiveEmailDomainId), settings.Email.LocalPart, settings.Email.FriendlyName)),
                }, cancellationToken), channel),
                _ => Answered(await genesys.EnsureVoiceCampaignAsync(new Genesys.Campaign
                {
                    Name = name,
                    ContactList = new DomainEntityRef(channel.ContactListId),
                    PhoneColumns = [new ContactPhoneNumberColumn(BatchSender.PhoneColumn, "cell")],
                    CallerName = settings.Voice.CallerName,
                    CallerAddress = settings.EffectiveCallerAddress,
                    OutboundLineCount = settings.Voice.OutboundLineCount,
                    CallAnalysisResponseSet = new DomainEntityRef(settings.EffectiveResponseSetId),
                    EdgeGroup = settings.EffectiveEdgeGroupId is { } edge ? new DomainEntityRef(edge) : null,
                    Site = settings.EffectiveSiteId is { } site ? new DomainEntityRef(site) : null,
                    CampaignStatus = CampaignStatus.Off,
                    AlwaysRunning = true,
                }, cancellationToken), channel),
            };
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!channel.AlwaysRunningSet)
        {
            if (answered.AlwaysRunning != true)
            {
                await control.SetAlwaysRunningAsync(channel.Channel, channel.GenesysCampaignId!, true, cancellationToken);
            }

            channel.AlwaysRunningSet = true;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!channel.Started || channel.Stopped)
        {
            var status = answered.Status
                         ?? GenesysCampaignControl.StatusOf(await control.GetAsync(channel.Channel, channel.GenesysCampaignId!, cancellationToken));
            if (status == CampaignStatus.Complete)
            {
                // Starting a complete campaign would recycle its whole list: never.
                channel.Complete = true;
            }
            else if (status != CampaignStatus.On)
            {
                await StartAsync(channel, cancellationToken);
            }

            channel.Started = true;
            channel.Stopped = false;
            await db.SaveChangesAsync(cancellationToken);
            Log.Started(logger, campaign.Id, channel.Channel);
        }

        return !channel.Complete;
    }

    private static (bool? AlwaysRunning, string? Status) Answered(MessagingCampaign campaign, CampaignChannelState channel)
    {
        channel.GenesysCampaignId = campaign.Id;
        return (campaign.AlwaysRunning, campaign.CampaignStatus);
    }

    private static (bool? AlwaysRunning, string? Status) Answered(Genesys.Campaign campaign, CampaignChannelState channel)
    {
        channel.GenesysCampaignId = campaign.Id;
        return (campaign.AlwaysRunning, campaign.CampaignStatus);
    }

    /// <summary>Stops the Genesys campaign (pause or cancel); a complete one is left as it is.</summary>
    public async Task StopAsync(BreachConsoleDbContext db, Campaign campaign, CampaignChannelState channel, CancellationToken cancellationToken)
    {
        if (!channel.Started || channel.Stopped || channel.GenesysCampaignId is null || channel.Complete)
        {
            return;
        }

        if (channel.Channel == Channel.Voice)
        {
            await genesys.StopVoiceCampaignAsync(channel.GenesysCampaignId, cancellationToken);
        }
        else
        {
            await genesys.StopMessagingCampaignAsync(channel.GenesysCampaignId, cancellationToken);
        }

        channel.Stopped = true;
        await db.SaveChangesAsync(cancellationToken);
        Log.Stopped(logger, campaign.Id, channel.Channel);
    }

    /// <summary>After the last batch: <c>alwaysRunning</c> off, so Genesys completes the campaign once its list is exhausted.</summary>
    public async Task FinalizeAsync(BreachConsoleDbContext db, CampaignChannelState channel, CancellationToken cancellationToken)
    {
        await control.SetAlwaysRunningAsync(channel.Channel, channel.GenesysCampaignId!, false, cancellationToken);
        channel.Finalized = true;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Reads Genesys's progress (messaged or called) and, once finalized, whether the campaign is complete.</summary>
    public async Task PollAsync(BreachConsoleDbContext db, CampaignChannelState channel, CancellationToken cancellationToken)
    {
        var progress = channel.Channel == Channel.Voice
            ? await genesys.GetVoiceCampaignProgressAsync(channel.GenesysCampaignId!, cancellationToken)
            : await genesys.GetMessagingCampaignProgressAsync(channel.GenesysCampaignId!, cancellationToken);
        channel.Delivered = channel.Channel == Channel.Voice ? progress.NumberOfContactsCalled ?? 0 : progress.NumberOfContactsMessaged ?? 0;
        channel.Skipped = progress.NumberOfContactsSkipped?.Values.Sum(v => v ?? 0) ?? 0;
        if (channel.Finalized)
        {
            var campaign = await control.GetAsync(channel.Channel, channel.GenesysCampaignId!, cancellationToken);
            channel.GenesysStatus = GenesysCampaignControl.StatusOf(campaign);
            channel.Complete = channel.GenesysStatus == CampaignStatus.Complete;
        }

        channel.CheckedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task StartAsync(CampaignChannelState channel, CancellationToken cancellationToken) => channel.Channel == Channel.Voice
        ? genesys.StartVoiceCampaignAsync(channel.GenesysCampaignId!, cancellationToken)
        : genesys.StartMessagingCampaignAsync(channel.GenesysCampaignId!, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Campaign {CampaignId}: Genesys {Channel} campaign running")]
        public static partial void Started(ILogger logger, Guid campaignId, Channel channel);

        [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "Campaign {CampaignId}: Genesys {Channel} campaign stopped")]
        public static partial void Stopped(ILogger logger, Guid campaignId, Channel channel);
    }
}
