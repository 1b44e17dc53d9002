package io.leadloop.report;

import io.leadloop.funnel.Period;
import io.leadloop.funnel.RatioKind;
import io.leadloop.funnel.Stage;
import io.leadloop.settings.Language;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every word the emails use, in English and Spanish. A message is a {@link String#format} pattern formatted in the
 * language's locale, so "25.0%" reads "25,0 %" in Spanish. A key missing in one language fails the build's tests
 * ({@code WordsTest}), never a send.
 */
final class Words {

    private static final Map<String, String[]> TEXT = new HashMap<>();
    private static final Map<String, String> CRM_NAMES = Map.of("hubspot", "HubSpot", "salesforce", "Salesforce", "pipedrive", "Pipedrive");

    private static void m(String key, String en, String es) {
        TEXT.put(key, new String[] {en, es});
    }

    static {
        // Titles and subjects
        m("audience.sales", "Sales", "Ventas");
        m("audience.marketing", "Marketing", "Marketing");
        m("title.sales", "Sales report", "Informe de ventas");
        m("title.marketing", "Marketing report", "Informe de marketing");
        m("subject.report", "%s %s: %s", "%s %s: %s");
        m("subject.empty", "%s %s: no data, %s", "%s %s: sin datos, %s");
        m("subject.broken", "[data incomplete] ", "[datos incompletos] ");
        m("subject.alert", "Alert, %s %s to date: %s %s, %s its %s band", "Alerta, %s %s hasta hoy: %s %s, %s de su banda %s");
        m("alert.below", "below", "por debajo");
        m("alert.above", "above", "por encima");
        m("period.week", "Week %d, %s", "Semana %d, %s");
        m("period.month", "%s", "%s");
        m("period.quarter", "Q%d %d: %s", "T%d %d: %s");
        m("period.this.week", "this week", "esta semana");
        m("period.this.month", "this month", "este mes");
        m("period.this.quarter", "this quarter", "este trimestre");
        m("period.previous.week", "the week before", "la semana anterior");
        m("period.previous.month", "the month before", "el mes anterior");
        m("period.previous.quarter", "the quarter before", "el trimestre anterior");

        // Ratios (labels, what the denominator counts)
        m("ratio.leads_to_close", "Leads-to-Close", "Leads a cierre");
        m("ratio.qualified_leads_to_close", "Qualified-Leads-to-Close", "Leads cualificados a cierre");
        m("ratio.mql_to_sql", "MQL-to-SQL", "MQL a SQL");
        m("ratio.close_rate", "Close Rate", "Tasa de cierre");
        m("ratio.opportunity_to_win", "Opportunity-to-Win", "Oportunidad a venta");
        m("den.leads_to_close", "no leads created", "ningún lead creado");
        m("den.qualified_leads_to_close", "no qualified leads created", "ningún lead cualificado creado");
        m("den.mql_to_sql", "no MQLs reached", "ningún MQL");
        m("den.close_rate", "no deals closed", "ningún trato cerrado");
        m("den.opportunity_to_win", "no deals opened", "ningún trato abierto");
        m("formula.leads_to_close", "deals won / leads created", "tratos ganados / leads creados");
        m("formula.qualified_leads_to_close", "deals won from qualified leads / qualified leads created",
                "tratos ganados de leads cualificados / leads cualificados creados");
        m("formula.mql_to_sql", "leads that reached SQL / leads that reached MQL, in the period",
                "leads que llegaron a SQL / leads que llegaron a MQL, en el periodo");
        m("formula.close_rate", "deals won / deals closed (won + lost)", "tratos ganados / tratos cerrados (ganados + perdidos)");
        m("formula.opportunity_to_win", "deals won / deals opened", "tratos ganados / tratos abiertos");
        m("na", "n/a (%s)", "n/d (%s)");
        m("na.short", "n/a", "n/d");
        m("den.mqls_in", "no MQLs in %s", "ningún MQL en %s");

        // Stages
        m("stage.lead", "Leads", "Leads");
        m("stage.mql", "MQLs", "MQL");
        m("stage.sql", "SQLs", "SQL");
        m("stage.opportunity", "Opportunities", "Oportunidades");
        m("stage.customer", "Customers", "Clientes");

        // Verdicts and changes
        m("verdict.below", "below benchmark", "por debajo de la referencia");
        m("verdict.within", "within benchmark", "dentro de la referencia");
        m("verdict.above", "above benchmark", "por encima de la referencia");
        m("verdict.no_data", "no data", "sin datos");
        m("band", "%s–%s%% healthy", "%s–%s\u00a0%% saludable");
        m("band.none", "no benchmark", "sin referencia");
        m("change.none", "no comparison", "sin comparación");
        m("change.points", "%s points", "%s puntos");
        m("change.noise", "%s (could be chance)", "%s (puede ser azar)");
        m("small.sample", "few cases", "pocos casos");

        // Intro sentences
        m("intro.changed", "%s was %s in %s, %s from %s %s.", "%s fue %s en %s, %s frente a %s %s.");
        m("intro.changed.noise", "%1$s was %2$s in %3$s against %5$s %6$s: no real change, since with this few cases a difference of this size can come from chance alone.", "%1$s fue %2$s en %3$s frente a %5$s %6$s: no hay un cambio real, porque con tan pocos casos una diferencia así puede deberse solo al azar.");
        m("intro.first", "%s was %s in %s; there is no earlier period to compare with.",
                "%s fue %s en %s; no hay periodo anterior con el que comparar.");
        m("intro.against", "%s was %s in %s, against %s %s.", "%s fue %s en %s, frente a %s %s.");
        m("phrase.week", "week %d", "la semana %d");
        m("phrase.month", "%s", "%s");
        m("phrase.quarter", "Q%d %d", "el T%d de %d");
        m("intro.up", "up %s percentage points", "%s puntos porcentuales más");
        m("intro.down", "down %s percentage points", "%s puntos porcentuales menos");
        m("intro.flat", "unchanged", "sin cambios");
        m("intro.band.within", "That is within the %s benchmark", "Está dentro de la referencia de %s");
        m("intro.band.below", "That is below the %s benchmark", "Está por debajo de la referencia de %s");
        m("intro.band.above", "That is above the %s benchmark", "Está por encima de la referencia de %s");
        m("intro.band.none", "%s has no benchmark band", "%s no tiene banda de referencia");
        m("intro.goal.only", "Won value was %s, %s of the %s goal.", "El valor ganado fue %s, el %s del objetivo de %s.");
        m("intro.nogoal.only", "Won value was %s (no goal set).", "El valor ganado fue %s (sin objetivo).");
        m("intro.second.within", "%s was %s, within its %s benchmark.", "%s fue %s, dentro de su referencia de %s.");
        m("intro.second.below", "%s was %s, below its %s benchmark.", "%s fue %s, por debajo de su referencia de %s.");
        m("intro.second.above", "%s was %s, above its %s benchmark.", "%s fue %s, por encima de su referencia de %s.");
        m("intro.second.none", "%s was %s (no benchmark).", "%s fue %s (sin referencia).");
        m("intro.second.nodata", "%s was %s.", "%s fue %s.");
        m("intro.goal", "; won value was %s, %s of the %s goal.", "; el valor ganado fue %s, el %s del objetivo de %s.");
        m("intro.nogoal", "; won value was %s (no goal set).", "; el valor ganado fue %s (sin objetivo).");
        m("intro.also", "; %s was %s, %s.", "; %s fue %s, %s.");
        m("intro.end", ".", ".");
        m("intro.why", "The largest move came from %s %s: %s against %s %s; had it held steady, %s would be %s.",
                "El mayor cambio vino de %s %s: %s frente a %s %s; si se hubiera mantenido, %s sería %s.");
        m("intro.why.none", "No single source, campaign, form or rep explains the change.",
                "Ninguna fuente, campaña, formulario o comercial explica el cambio por sí solo.");
        m("next.broken", "check first that the CRM's webhooks still reach leadloop: nothing has arrived for %s days.",
                "comprueba primero que los webhooks del CRM siguen llegando a leadloop: no llega nada desde hace %s días.");
        m("next.broken.never", "check first that the CRM's webhooks reach leadloop: no event has arrived in the last %s days.",
                "comprueba primero que los webhooks del CRM llegan a leadloop: no ha llegado ningún evento en los últimos %s días.");
        m("next.followups", "follow up the %s qualified leads waiting more than %s days; the oldest, %s (%s), has waited %s days.",
                "contacta los %s leads cualificados que esperan más de %s días; el más antiguo, %s (%s), lleva %s días.");
        m("next.followups.one", "follow up the qualified lead waiting more than %2$s days: %3$s (%4$s) has waited %5$s days.",
                "contacta el lead cualificado que espera más de %2$s días: %3$s (%4$s) lleva %5$s días.");
        m("next.neverworked.one", "1 qualified lead was never worked; raise it with sales.", "1 lead cualificado nunca se trabajó; coméntalo con ventas.");
        m("next.bottleneck", "look at %s, the weakest step: %s against its 4-period average of %s.",
                "revisa %s, el paso más débil: %s frente a su media de 4 periodos de %s.");
        m("next.belowband", "%s is below its band; review the deals lost and their reasons below.",
                "%s está por debajo de su banda; revisa abajo los tratos perdidos y sus motivos.");
        m("next.keep", "nothing needs attention; keep the pace.", "nada requiere atención; mantén el ritmo.");
        m("days.under.one", "< 1 d", "< 1 d");
        m("steps.note", "Median time: whole days from the previous stage, for the leads that reached the step in the period.",
                "Tiempo mediano: días completos desde la etapa anterior, de los leads que llegaron al paso en el periodo.");
        m("next.reason", "look at why sales disqualified leads: \"%s\" came first, %s of them; %s.", "revisa por qué ventas descartó leads: «%s» fue el primer motivo, %s de ellos; %s.");
        m("next.reason.action", "check whether the forms and campaigns bringing those leads can filter them earlier",
                "comprueba si los formularios y campañas que los traen pueden filtrarlos antes");
        m("next.neverworked", "%s qualified leads were never worked; raise them with sales.",
                "%s leads cualificados nunca se trabajaron; coméntalo con ventas.");
        m("next.marketing.keep", "keep the current mix of sources and forms.",
                "mantén la combinación actual de fuentes y formularios.");

        // No data and data health
        m("empty.title", "No data this period", "Sin datos este periodo");
        m("empty.text", "No funnel activity was recorded this period: no leads, MQLs, SQLs or closed deals.",
                "No se registró actividad del embudo este periodo: ningún lead, MQL, SQL ni trato cerrado.");
        m("empty.why.silent", "leadloop received no webhook events since %s (%s days ago): check that the CRM's webhooks still reach it (docs/webhooks.md). That silence is itself the finding.",
                "leadloop no recibe eventos de webhook desde el %s (hace %s días): comprueba que los webhooks del CRM siguen llegando (docs/webhooks.md). Ese silencio es en sí el hallazgo.");
        m("empty.why.never", "leadloop received no webhook events in the last %s days: check that the CRM's webhooks reach it (docs/webhooks.md). That silence is itself the finding.",
                "leadloop no ha recibido eventos de webhook en los últimos %s días: comprueba que los webhooks del CRM llegan (docs/webhooks.md). Ese silencio es en sí el hallazgo.");
        m("empty.why.quiet", "Webhook events are arriving (the last on %s), but none created a lead or moved a lead or deal on these days: the CRM was quiet.",
                "Siguen llegando eventos de webhook (el último el %s), pero ninguno creó un lead ni movió un lead o trato en estos días: el CRM estuvo en calma.");
        m("health.title", "Data warning", "Aviso sobre los datos");
        m("health.silent", "No webhook events have arrived since %s (%s days): the numbers below are probably incomplete. Check that the CRM's webhooks still reach leadloop.",
                "No llegan eventos de webhook desde el %s (%s días): las cifras de abajo probablemente están incompletas. Comprueba que los webhooks del CRM siguen llegando a leadloop.");
        m("history.stale.title", "Reconciliation behind", "Conciliación retrasada");
        m("history.stale", "The nightly reconciliation of %s last finished on %s (%s days ago): webhooks the CRM dropped since then are not repaired. Check the backfill function's log (docs/backfill.md).",
                "La conciliación nocturna de %s terminó por última vez el %s (hace %s días): los webhooks que el CRM perdió desde entonces no se recuperan. Revisa el log de la función de backfill (docs/backfill.md).");
        m("history.stale.never", "The nightly reconciliation of %s has not finished a run in %s days: webhooks the CRM dropped are not repaired. Check the backfill function's log (docs/backfill.md).",
                "La conciliación nocturna de %s no ha terminado ninguna ejecución en %s días: los webhooks que el CRM perdió no se recuperan. Revisa el log de la función de backfill (docs/backfill.md).");
        m("history.before.week", "History from %s starts on %s: earlier weeks show no data from it because none was read, not because nothing happened.",
                "El historial de %s empieza el %s: las semanas anteriores no muestran datos suyos porque no se leyeron, no porque no pasara nada.");
        m("history.before.month", "History from %s starts on %s: earlier months show no data from it because none was read, not because nothing happened.",
                "El historial de %s empieza el %s: los meses anteriores no muestran datos suyos porque no se leyeron, no porque no pasara nada.");
        m("history.before.quarter", "History from %s starts on %s: earlier quarters show no data from it because none was read, not because nothing happened.",
                "El historial de %s empieza el %s: los trimestres anteriores no muestran datos suyos porque no se leyeron, no porque no pasara nada.");
        m("crm.generic", "the generic sender", "el emisor genérico");
        m("currency.title", "Amounts not converted", "Importes sin convertir");
        m("currency.won", "Not in the won value: %s, with no exchange rate to %s for the day they were won.",
                "Fuera del valor ganado: %s, sin tipo de cambio a %s para el día en que se ganaron.");
        m("currency.open", "Not in the open pipeline: %s, with no exchange rate to %s for the day they were created.",
                "Fuera del pipeline abierto: %s, sin tipo de cambio a %s para el día en que se crearon.");
        m("currency.deals", "%s deals in %s (%s)", "%s tratos en %s (%s)");
        m("currency.deals.one", "%s deal in %s (%s)", "%s trato en %s (%s)");
        m("currency.fix", "Add a rate for those days to LEADLOOP_CONFIG.currency_rates: deals applied from then on are converted, and those already counted when they next change (docs/metrics.md, \"Currencies\").",
                "Añade un tipo de cambio para esos días en LEADLOOP_CONFIG.currency_rates: los tratos que lleguen después se convierten, y los ya contados cuando vuelvan a cambiar (docs/metrics.md, «Currencies»).");
        m("list.and", " and ", " y ");
        m("health.never", "No webhook events have arrived in the last %s days: the numbers below are probably incomplete. Check that the CRM's webhooks reach leadloop.",
                "No han llegado eventos de webhook en los últimos %s días: las cifras de abajo probablemente están incompletas. Comprueba que los webhooks del CRM llegan a leadloop.");

        // Sections
        m("sec.trend.note", "Each bar: the ratio (numerator / denominator) of one period; the last is this one. Sent reports are shown as they were sent.", "Cada barra: la tasa (numerador / denominador) de un periodo; la última es la de este. Los informes enviados se muestran tal como se enviaron.");
        m("sec.funnel", "Funnel this period", "Embudo de este periodo");
        m("sec.funnel.note", "Counts reached in the period; the percentage is the conversion from the step before.",
                "Cantidades alcanzadas en el periodo; el porcentaje es la conversión desde el paso anterior.");
        m("sec.steps", "Time in stage and the bottleneck", "Tiempo en cada etapa y el cuello de botella");
        m("sec.reps", "By rep", "Por comercial");
        m("sec.followups", "Qualified leads without follow-up for more than %s days", "Leads cualificados sin seguimiento desde hace más de %s días");
        m("sec.followups.none", "None: every qualified lead older than %s days has been worked.", "Ninguno: todos los leads cualificados de más de %s días se han trabajado.");
        m("sec.followups.more", "%s more not listed; the CSV has the counts by owner.", "%s más sin listar; el CSV tiene el recuento por comercial.");
        m("sec.neverworked", "Qualified leads never worked (older than %s days)", "Leads cualificados nunca trabajados (de más de %s días)");
        m("sec.neverworked.none", "None: sales has worked every qualified lead older than %s days.", "Ninguno: ventas ha trabajado todos los leads cualificados de más de %s días.");
        m("sec.pipeline", "Pipeline against goal", "Pipeline frente al objetivo");
        m("sec.ratios", "Every ratio this period", "Todas las tasas de este periodo");
        m("sec.ratios.note", "Changes are in percentage points: a rate going from 30 to 33 percent is +3 points. \"Could be chance\": the cases are too few, or the difference is small enough to arise by chance alone (a two-proportion test at 95 percent confidence).", "Los cambios están en puntos porcentuales: una tasa que pasa del 30 al 33 por ciento sube 3 puntos. «Puede ser azar»: hay pocos casos, o la diferencia es tan pequeña que puede deberse solo al azar (prueba de dos proporciones al 95 por ciento de confianza).");
        m("sec.mqlsql", "MQL-to-SQL by %s: period, lagged and cohort views", "MQL a SQL por %s: vistas de periodo, con desfase y de cohorte");
        m("sec.mqlsql.note", "Period: SQLs / MQLs of %s. Lagged: SQLs of %s / MQLs of %s (lag %s). Cohort: of the MQLs of %s, those that have reached SQL by now.",
                "Periodo: SQL / MQL de %s. Con desfase: SQL de %s / MQL de %s (desfase %s). Cohorte: de los MQL de %s, los que ya han llegado a SQL.");
        m("sec.disq", "Why sales disqualified leads", "Por qué ventas descartó leads");
        m("sec.disq.none", "Sales disqualified no leads this period.", "Ventas no descartó ningún lead este periodo.");
        m("sec.lost", "Why deals were lost", "Por qué se perdieron tratos");
        m("sec.qltc", "Qualified-Leads-to-Close by source", "Leads cualificados a cierre por fuente");
        m("sec.wins", "What wins: suggestions for the qualified-lead definition", "Qué gana: sugerencias para la definición de lead cualificado");
        m("sec.wins.none", "No attribute value has enough closed deals (%s) with a win rate clearly apart from the overall one yet.",
                "Ningún valor de atributo tiene aún suficientes tratos cerrados (%s) con una tasa de victoria claramente distinta de la global.");
        m("sec.wins.definition", "Definition in force: %s.", "Definición vigente: %s.");
        m("sec.definitions", "Definitions", "Definiciones");
        m("footer", "Sent by leadloop. Every ratio shows its counts (numerator / denominator); the attached CSV holds every number in this email.",
                "Enviado por leadloop. Cada tasa muestra sus cantidades (numerador / denominador); el CSV adjunto contiene todas las cifras de este correo.");
        m("footer.empty", "Sent by leadloop.", "Enviado por leadloop.");

        // Column headers and labels
        m("col.ratio", "Ratio", "Tasa");
        m("col.this", "This period", "Este periodo");
        m("col.previous", "vs previous", "vs anterior");
        m("col.avg4", "vs 4-period avg", "vs media 4 periodos");
        m("col.benchmark", "Benchmark", "Referencia");
        m("col.rep", "Rep", "Comercial");
        m("col.activities", "Activities", "Actividades");
        m("col.waiting", "Waiting", "En espera");
        m("col.lead", "Lead", "Lead");
        m("col.owner", "Owner", "Comercial");
        m("col.source", "Source", "Fuente");
        m("col.days", "Days waiting", "Días en espera");
        m("col.step", "Step", "Paso");
        m("col.conversion", "Conversion", "Conversión");
        m("col.median", "Median time", "Tiempo mediano");
        m("col.period", "Period", "Periodo");
        m("col.lagged", "Lagged", "Con desfase");
        m("col.cohort", "Cohort", "Cohorte");
        m("col.reason", "Reason", "Motivo");
        m("col.count", "Leads", "Leads");
        m("col.deals", "Deals", "Tratos");
        m("col.leads.with", "Leads with", "Leads con");
        m("col.winrate", "Win rate", "Tasa de victoria");
        m("col.suggestion", "Suggestion", "Sugerencia");
        m("col.metric", "Metric", "Métrica");
        m("col.value", "Value", "Valor");
        m("col.term", "Term", "Término");
        m("col.meaning", "Meaning", "Significado");
        m("dim.source", "source", "fuente");
        m("dim.campaign", "campaign", "campaña");
        m("dim.form", "form", "formulario");
        m("dim.owner", "rep", "comercial");
        m("dim.icp_fit", "ICP fit", "encaje ICP");
        m("dim.size", "company size", "tamaño de empresa");
        m("dim.industry", "industry", "sector");
        m("dim.target_account", "target account", "cuenta objetivo");
        m("dim.qualified_source", "source", "fuente");
        m("other", "other", "otros");
        m("unknown", "unknown", "desconocido");
        m("tile.won.value", "Won value", "Valor ganado");
        m("tile.goal", "%s of the %s goal", "%s del objetivo de %s");
        m("tile.nogoal", "no goal set", "sin objetivo");
        m("tile.avg.deal", "Average deal value", "Valor medio por trato");
        m("tile.deals.won", "%s deals won", "%s tratos ganados");
        m("tile.leads", "Leads created", "Leads creados");
        m("tile.mqls", "%s MQLs, %s SQLs", "%s MQL, %s SQL");
        m("tile.previous", "%s before", "%s antes");
        m("pipe.open", "Open pipeline", "Pipeline abierto");
        m("pipe.open.value", "%s in %s open deals", "%s en %s tratos abiertos");
        m("pipe.open.value.one", "%s in 1 open deal", "%s en 1 trato abierto");
        m("todo.title", "What to do", "Qué hacer");
        m("pipe.won", "Won value against goal", "Valor ganado frente al objetivo");
        m("pipe.clv", "Customer lifetime value", "Valor de vida del cliente");
        m("pipe.activity", "Activities per rep", "Actividades por comercial");
        m("pipe.activity.value", "%s (%s activities, %s reps)", "%s (%s actividades, %s comerciales)");
        m("pipe.activity.none", "n/a (no activity logged)", "n/d (sin actividad registrada)");
        m("steps.bottleneck", "bottleneck: %s below its average", "cuello de botella: %s por debajo de su media");
        m("steps.none", "No step fell below its 4-period average.", "Ningún paso cayó por debajo de su media de 4 periodos.");
        m("days", "%s d", "%s d");
        m("lag.periods", "%s periods", "%s periodos");
        m("def.qualified", "Qualified lead", "Lead cualificado");
        m("reps.ratio.note", "Sourced by: the deals from the leads the rep owns, over those leads; closed by: the deals the rep owns. \"Few cases\": fewer than %s, too few to read much into.",
                "Captado por: los tratos de los leads del comercial, sobre esos leads; cerrado por: los tratos del comercial. «Pocos casos»: menos de %s, demasiado pocos para sacar conclusiones.");
        m("rep.sourced_by", "sourced by", "captado por");
        m("seg.in_other", "in “other”", "en «otros»");
        m("rep.closed_by", "closed by", "cerrado por");
        m("rep.no_leads", "— (owns deals, not leads)", "— (tratos, no leads)");
        m("alert.title", "%s left its band", "%s salió de su banda");
        m("alert.text", "%s is %s so far in %s (%s to %s), %s its %s band (%s). This alert is sent once per ratio and period; the full report follows on schedule.",
                "%s va en %s en %s (del %s al %s), %s de su banda %s (%s). Esta alerta se envía una vez por tasa y periodo; el informe completo llegará según lo previsto.");
        m("alert.why", "The largest move since the previous period came from %s %s: %s against %s %s.",
                "El mayor cambio desde el periodo anterior vino de %s %s: %s frente a %s %s.");
        m("win.finding", "leads whose %s is %s closed %s of their deals, against %s overall", "los leads cuyo %s es %s cerraron %s de sus tratos, frente a %s en total");
        m("win.include", "make sure the qualified-lead definition includes them", "asegúrate de que la definición de lead cualificado los incluya");
        m("win.exclude", "consider leaving them out of the qualified-lead definition", "valora dejarlos fuera de la definición de lead cualificado");
        m("win.rate", "%s (overall %s)", "%s (en total %s)");
        m("sec.wins.note", "Listed only where the difference from the overall win rate is too large to be chance (95 percent confidence), over the deals closed in the analysis window.", "Solo se listan las diferencias con la tasa de victoria global demasiado grandes para ser azar (95 por ciento de confianza), sobre los tratos cerrados en la ventana de análisis.");
        m("sec.trend.week", "Trend, last %s weeks", "Tendencia, últimas %s semanas");
        m("sec.trend.month", "Trend, last %s months", "Tendencia, últimos %s meses");
        m("sec.trend.quarter", "Trend, last %s quarters", "Tendencia, últimos %s trimestres");
        m("sec.mqlsql.nolag", "MQL-to-SQL by %s: period and cohort views", "MQL a SQL por %s: vistas de periodo y de cohorte");
        m("sec.mqlsql.note.nolag", "Period: SQLs / MQLs of %s (with a lag of 0 periods the lagged view is the same, so it is not shown). Cohort: of the MQLs of %s, those that have reached SQL by now.", "Periodo: SQL / MQL de %s (con un desfase de 0 periodos la vista con desfase es la misma y no se muestra). Cohorte: de los MQL de %s, los que ya han llegado a SQL.");
        m("sec.segments.more", "%s more not listed; the CSV has them all.", "%s más sin listar; el CSV los tiene todos.");
        m("col.form", "Form", "Formulario");
        m("pipe.clv.none", "n/a (no deals won)", "n/d (ningún trato ganado)");
        m("pipe.clv.inputs", "(average deal value %s × %s purchases a year × %s years)", "(valor medio por trato %s × %s compras al año × %s años)");
        m("footer.subscription", "You receive this as a recipient of the %1$s report. To change who receives it, or to stop it, ask your leadloop administrator to edit LEADLOOP_CONFIG.audiences.%1$s.recipients, or to set audiences.%1$s.enabled to false (README, \"Audiences\").", "Lo recibes por estar entre los destinatarios del informe %1$s. Para cambiar quién lo recibe, o para dejar de recibirlo, pide a quien administra leadloop que edite LEADLOOP_CONFIG.audiences.%1$s.recipients o que ponga audiences.%1$s.enabled a false (README, «Audiences»).");
        m("alert.band.source", "source: %s", "origen: %s");
    }

    private final Language language;

    Words(Language language) {
        this.language = language;
    }

    Language language() {
        return language;
    }

    Locale locale() {
        return language.locale();
    }

    /** The message {@code key} with {@code args} formatted in this language's locale. */
    String t(String key, Object... args) {
        String[] texts = TEXT.get(key);
        if (texts == null) throw new IllegalArgumentException("no text for '" + key + "'");
        String pattern = texts[language.ordinal()];
        return args.length == 0 ? pattern : String.format(locale(), pattern, args);
    }

    static java.util.Set<String> keys() {
        return TEXT.keySet();
    }

    /** A CRM by its name ("HubSpot"), from the source its events carry ("hubspot"); brand names read alike in every language. */
    String crm(String source) {
        String brand = CRM_NAMES.get(source);
        return brand != null ? brand : t("crm." + source);
    }

    String ratio(RatioKind kind) {
        return t("ratio." + kind.name().toLowerCase(Locale.ROOT));
    }

    String noDenominator(RatioKind kind) {
        return t("den." + kind.name().toLowerCase(Locale.ROOT));
    }

    String formula(RatioKind kind) {
        return t("formula." + kind.name().toLowerCase(Locale.ROOT));
    }

    String stage(Stage stage) {
        return t("stage." + stage.wireName());
    }

    String dimension(String dimension) {
        String key = "dim." + dimension;
        return TEXT.containsKey(key) ? t(key) : dimension.replace('_', ' ');
    }

    /** A breakdown value as shown: "other" and "unknown" are translated, CRM values are not. */
    String value(String value) {
        return switch (value) {
            case "other" -> t("other");
            case "unknown" -> t("unknown");
            default -> value;
        };
    }

    /** "16–22 Nov 2026", "16 Nov – 3 Dec 2026", "28 Dec 2026 – 3 Jan 2027" (end inclusive). */
    String range(LocalDate first, LocalDate last) {
        DateTimeFormatter dayMonth = DateTimeFormatter.ofPattern("d MMM", locale());
        DateTimeFormatter full = DateTimeFormatter.ofPattern("d MMM uuuu", locale());
        if (first.getYear() != last.getYear()) return full.format(first) + " – " + full.format(last);
        if (first.getMonth() != last.getMonth()) return dayMonth.format(first) + " – " + full.format(last);
        return first.getDayOfMonth() + "–" + full.format(last);
    }

    String date(LocalDate day) {
        return DateTimeFormatter.ofPattern("d MMM uuuu", locale()).format(day);
    }

    /** "Week 47, 16–22 Nov 2026", "November 2026", "Q4 2026: 1 Oct – 31 Dec 2026". */
    String period(Period p) {
        LocalDate last = p.end().minusDays(1);
        return switch (p.kind()) {
            case WEEK -> t("period.week", p.start().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), range(p.start(), last));
            case MONTH -> capitalize(p.start().getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale())) + " " + p.start().getYear();
            case QUARTER -> t("period.quarter", p.start().get(IsoFields.QUARTER_OF_YEAR), p.start().getYear(), range(p.start(), last));
        };
    }

    /** A column label for the trend: "W47", "Nov", "Q4". */
    String shortPeriod(Period p) {
        return switch (p.kind()) {
            case WEEK -> (language == Language.ES ? "S" : "W") + p.start().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> capitalize(p.start().getMonth().getDisplayName(TextStyle.SHORT_STANDALONE, locale())).replace(".", "");
            case QUARTER -> (language == Language.ES ? "T" : "Q") + p.start().get(IsoFields.QUARTER_OF_YEAR);
        };
    }

    /** How a sentence names the period: "week 47", "November 2026", "Q4 2026". */
    String periodPhrase(Period p) {
        return switch (p.kind()) {
            case WEEK -> t("phrase.week", p.start().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> language == Language.ES
                    ? p.start().getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale()) + " de " + p.start().getYear()
                    : capitalize(p.start().getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale())) + " " + p.start().getYear();
            case QUARTER -> t("phrase.quarter", p.start().get(IsoFields.QUARTER_OF_YEAR), p.start().getYear());
        };
    }

    String thisPeriod(Period p) {
        return t("period.this." + p.kind().name().toLowerCase(Locale.ROOT));
    }

    String previousPeriod(Period p) {
        return t("period.previous." + p.kind().name().toLowerCase(Locale.ROOT));
    }

    String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(locale()) + s.substring(1);
    }
}
