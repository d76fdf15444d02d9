using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;

namespace BreachConsole.Core.Templates;

/// <summary>
/// The demo's "Card data exposure" notice: SMS and email in en-US, es, fr-FR and de-DE, and an en-US voice script, each
/// written by legal.alice and approved by legal.bob. Staged on the seeder's context, so it lands with the demo incident.
/// </summary>
public static class TemplateDemoSeed
{
    public const string Name = "Card data exposure";
    public const string Author = "legal.alice";
    public const string Approver = "legal.bob";

    public static IReadOnlyList<(Channel Channel, string Locale, string[] Jurisdictions, string? Subject, string Body)> Set { get; } =
    [
        (Channel.Sms, "en-US", [], null,
            "{{ org.name }}: important notice about your personal data. Please read it at {{ notice.url }} or call {{ support_phone }}. Contact preferences: {{ preferences_url }}"),
        (Channel.Sms, "es", [], null,
            "{{ org.name }}: aviso importante sobre sus datos personales. Léalo en {{ notice.url }} o llame al {{ support_phone }}. Preferencias de contacto: {{ preferences_url }}"),
        (Channel.Sms, "fr-FR", [], null,
            "{{ org.name }} : avis important concernant vos données personnelles. Lisez-le sur {{ notice.url }} ou appelez le {{ support_phone }}. Préférences de contact : {{ preferences_url }}"),
        (Channel.Sms, "de-DE", [], null,
            "{{ org.name }}: Wichtiger Hinweis zu Ihren persönlichen Daten. Lesen Sie ihn unter {{ notice.url }} oder rufen Sie {{ support_phone }} an. Kontakteinstellungen: {{ preferences_url }}"),
        (Channel.Voice, "en-US", [], null,
            "Hello {{ customer.first_name }}. This is an important message from {{ org.name }} about your personal data. {{ incident.description }} " +
            "We have sent you a written notice with the details. You can also read it at {{ notice.url }}, or call us at {{ support_phone }}. " +
            "To change how we contact you, visit {{ preferences_url }}. Thank you."),
        (Channel.Voice, "es", [], null,
            "Hola {{ customer.first_name }}. Este es un mensaje importante de {{ org.name }} sobre sus datos personales. {{ incident.description }} " +
            "Le hemos enviado un aviso por escrito con los detalles. También puede leerlo en {{ notice.url }} o llamarnos al {{ support_phone }}. " +
            "Para cambiar cómo le contactamos, visite {{ preferences_url }}. Gracias."),
        (Channel.Voice, "fr-FR", [], null,
            "Bonjour {{ customer.first_name }}. Ceci est un message important de {{ org.name }} concernant vos données personnelles. {{ incident.description }} " +
            "Nous vous avons envoyé un avis écrit détaillé. Vous pouvez aussi le lire sur {{ notice.url }} ou nous appeler au {{ support_phone }}. " +
            "Pour changer la façon dont nous vous contactons, rendez-vous sur {{ preferences_url }}. Merci."),
        (Channel.Voice, "de-DE", [], null,
            "Hallo {{ customer.first_name }}. Dies ist eine wichtige Nachricht von {{ org.name }} zu Ihren persönlichen Daten. {{ incident.description }} " +
            "Wir haben Ihnen einen schriftlichen Hinweis mit den Einzelheiten geschickt. Sie können ihn auch unter {{ notice.url }} lesen oder uns unter {{ support_phone }} anrufen. " +
            "Um zu ändern, wie wir Sie kontaktieren, besuchen Sie {{ preferences_url }}. Danke."),
        (Channel.Email, "en-US", ["EU", "US-CA", "US-PR"], "Notice of Data Breach", """
            <h1>Notice of Data Breach</h1>
            <p>Dear {{ customer.first_name }},</p>
            <h2>What Happened</h2>
            <p>{{ incident.description }}{% if incident.breach_start != blank %} It took place {% if incident.breach_end != blank %}between {{ incident.breach_start | date: "%B %d, %Y" }} and {{ incident.breach_end | date: "%B %d, %Y" }}{% else %}from {{ incident.breach_start | date: "%B %d, %Y" }}{% endif %}.{% endif %} We discovered it on {{ incident.aware_at | date: "%B %d, %Y" }}.{% if notice.law_enforcement_delay %} A law-enforcement investigation delayed this notice.{% else %} This notice was not delayed by law enforcement.{% endif %}</p>
            <h2>What Information Was Involved</h2>
            <p>{{ incident.data_elements | join: ", " }}. Your full card number is never shown in this notice.</p>
            <h2>What We Are Doing</h2>
            <p>We contained the incident, blocked the affected cards and are working with the card networks and the authorities.</p>
            <h2>Likely consequences</h2>
            <p>Someone could attempt to use your card details for fraudulent purchases.</p>
            <h2>What You Can Do</h2>
            <p>Check your statements, report any purchase you do not recognise, and use the replacement card we are sending you.{% if identity_protection.months > 0 %} You can enrol in {{ identity_protection.months }} months of free identity protection at {{ identity_protection.url }}.{% endif %}</p>
            <h2>For More Information</h2>
            <p>Call {{ support_phone }} or write to {{ org.contact }}. Our data protection officer: {{ dpo.contact }}. This notice is also online at {{ notice.url }}.</p>
            <p>{{ org.name }} · Date of this notice: {{ notice.date | date: "%B %d, %Y" }} · <a href="{{ preferences_url }}">Change how we contact you</a></p>
            """),
        (Channel.Email, "es", ["EU", "US-CA", "US-PR"], "Aviso de violación de datos", """
            <h1>Aviso de violación de datos</h1>
            <p>Estimado/a {{ customer.first_name }}:</p>
            <h2>Qué sucedió</h2>
            <p>{{ incident.description }}{% if incident.breach_start != blank %} Ocurrió {% if incident.breach_end != blank %}entre el {{ incident.breach_start | date: "%d/%m/%Y" }} y el {{ incident.breach_end | date: "%d/%m/%Y" }}{% else %}a partir del {{ incident.breach_start | date: "%d/%m/%Y" }}{% endif %}.{% endif %} Lo descubrimos el {{ incident.aware_at | date: "%d/%m/%Y" }}.{% if notice.law_enforcement_delay %} Una investigación policial retrasó este aviso.{% else %} Este aviso no fue retrasado por las autoridades policiales.{% endif %}</p>
            <h2>Qué información estuvo involucrada</h2>
            <p>{{ incident.data_elements | join: ", " }}.</p>
            <h2>Qué estamos haciendo</h2>
            <p>Contuvimos el incidente, bloqueamos las tarjetas afectadas y colaboramos con las redes de tarjetas y las autoridades.</p>
            <h2>Posibles consecuencias</h2>
            <p>Alguien podría intentar usar los datos de su tarjeta para compras fraudulentas.</p>
            <h2>Qué puede hacer</h2>
            <p>Revise sus extractos, informe de cualquier compra que no reconozca y use la tarjeta de reemplazo que le enviamos.</p>
            <h2>Para más información</h2>
            <p>Llame al {{ support_phone }} o escriba a {{ org.contact }}. Nuestro delegado de protección de datos: {{ dpo.contact }}. Este aviso también está en {{ notice.url }}.</p>
            <p>{{ org.name }} · Fecha de este aviso: {{ notice.date | date: "%d/%m/%Y" }} · <a href="{{ preferences_url }}">Cambiar cómo le contactamos</a></p>
            """),
        (Channel.Email, "fr-FR", ["EU", "US-CA", "US-PR"], "Avis de violation de données", """
            <h1>Avis de violation de données personnelles</h1>
            <p>Bonjour {{ customer.first_name }},</p>
            <h2>Ce qui s'est passé</h2>
            <p>{{ incident.description }}{% if incident.breach_start != blank %} Période : {% if incident.breach_end != blank %}du {{ incident.breach_start | date: "%d/%m/%Y" }} au {{ incident.breach_end | date: "%d/%m/%Y" }}{% else %}depuis le {{ incident.breach_start | date: "%d/%m/%Y" }}{% endif %}.{% endif %}{% if notice.law_enforcement_delay %} Une enquête des forces de l'ordre a retardé cet avis.{% else %} Cet avis n'a pas été retardé par les forces de l'ordre.{% endif %} Données concernées : {{ incident.data_elements | join: ", " }}.</p>
            <h2>Conséquences probables</h2>
            <p>Une personne pourrait tenter d'utiliser les données de votre carte pour des achats frauduleux.</p>
            <h2>Ce que nous faisons</h2>
            <p>Nous avons contenu l'incident et bloqué les cartes concernées. Vérifiez vos relevés et signalez tout achat inconnu.</p>
            <h2>Contact</h2>
            <p>Notre délégué à la protection des données : {{ dpo.contact }}. Téléphone : {{ support_phone }}. Écrire : {{ org.contact }}. Cet avis en ligne : {{ notice.url }}.</p>
            <p>{{ org.name }} · {{ notice.date | date: "%d/%m/%Y" }} · <a href="{{ preferences_url }}">Modifier vos préférences de contact</a></p>
            """),
        (Channel.Email, "de-DE", ["EU", "US-CA", "US-PR"], "Hinweis auf eine Datenschutzverletzung", """
            <h1>Hinweis auf eine Verletzung des Schutzes personenbezogener Daten</h1>
            <p>Guten Tag {{ customer.first_name }},</p>
            <h2>Was ist passiert</h2>
            <p>{{ incident.description }}{% if incident.breach_start != blank %} Zeitraum: {% if incident.breach_end != blank %}{{ incident.breach_start | date: "%d.%m.%Y" }} bis {{ incident.breach_end | date: "%d.%m.%Y" }}{% else %}seit {{ incident.breach_start | date: "%d.%m.%Y" }}{% endif %}.{% endif %}{% if notice.law_enforcement_delay %} Eine Ermittlung der Strafverfolgungsbehörden hat diesen Hinweis verzögert.{% else %} Dieser Hinweis wurde nicht durch Strafverfolgungsbehörden verzögert.{% endif %} Betroffene Daten: {{ incident.data_elements | join: ", " }}.</p>
            <h2>Mögliche Folgen</h2>
            <p>Jemand könnte versuchen, Ihre Kartendaten für betrügerische Einkäufe zu verwenden.</p>
            <h2>Was wir tun</h2>
            <p>Wir haben den Vorfall eingedämmt und die betroffenen Karten gesperrt. Prüfen Sie Ihre Kontoauszüge und melden Sie unbekannte Umsätze.</p>
            <h2>Kontakt</h2>
            <p>Unser Datenschutzbeauftragter: {{ dpo.contact }}. Telefon: {{ support_phone }}. Schreiben Sie an: {{ org.contact }}. Dieser Hinweis online: {{ notice.url }}.</p>
            <p>{{ org.name }} · {{ notice.date | date: "%d.%m.%Y" }} · <a href="{{ preferences_url }}">Kontakteinstellungen ändern</a></p>
            """),
    ];

    /// <summary>Stages the set on <paramref name="db"/> (the caller saves). One audit entry says the process seeded them.</summary>
    public static void Stage(BreachConsoleDbContext db, DateTimeOffset now)
    {
        var ids = new List<string>();
        foreach (var (channel, locale, jurisdictions, subject, body) in Set)
        {
            var template = new Template
            {
                Id = Guid.CreateVersion7(now),
                Name = Name,
                Channel = channel,
                Locale = locale,
                Jurisdictions = [.. jurisdictions],
                CreatedBy = Author,
                CreatedAt = now,
            };
            db.Templates.Add(template);
            ids.Add(TemplateService.Target(template.Id, 1));
            db.TemplateVersions.Add(new TemplateVersion
            {
                Id = Guid.CreateVersion7(now),
                TemplateId = template.Id,
                Number = 1,
                Subject = subject,
                Body = body,
                Jurisdictions = [.. jurisdictions],
                ContentHash = TemplateService.ContentHash(subject, body),
                Status = TemplateStatus.Approved,
                AuthoredBy = Author,
                AuthorId = Author,
                AuthoredAt = now,
                SubmittedBy = Author,
                SubmittedAt = now,
                ApprovedBy = Approver,
                ApprovedAt = now,
                ReviewComment = "Demo seed",
            });
        }

        // One entry for the set: the chain links one staged entry per save.
        db.AddAudit(Actor.System, AuditActions.TemplateApproved, $"template-set:{Name}", new Dictionary<string, string>
        {
            ["seed"] = "demo",
            ["versions"] = string.Join(",", ids),
            ["author"] = Author,
            ["approver"] = Approver,
        });
    }
}
