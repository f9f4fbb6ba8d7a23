# Writes the REDCap longitudinal export used by the audit's REDCap tests and its clean numeric
# twin (Tests/RapportCLITests/Fixtures/redcap/). CI has no R: the outputs are committed.
#
#   Rscript Tests/RapportCLITests/Fixtures/redcap/make-redcap-fixture.R
#
# Input: the first 12 clients (97 sessions) of Datasets/srs-ors-sessions.csv (simulated; see
# Datasets/README.md). R 4.2.2, base R only.
#
# The twin (srs-ors-twin.csv) is the clean file: one row per session, the therapist on every
# row, sessions numbered 1..n, clients named by the REDCap record IDs. Two changes from the demo rows, applied to both files:
# - a therapist switch: client 4 sees T07 from session 5 on, client 10 sees T03 from session 6;
# - the last session of every client with 10 or more sessions is a follow-up with the ORS only
#   (its SRS answers are removed).
#
# The REDCap export (redcap-longitudinal.csv) holds the same answers as a REDCap "raw data"
# CSV export of a longitudinal project would:
# - record_id "101-000k" (a data access group prefix), redcap_event_name,
#   redcap_repeat_instrument, redcap_repeat_instance, then the fields form by form, each form
#   followed by its <form>_complete status (2 = complete; empty where the form is not on
#   the event);
# - event screening_arm_1 (not repeating): the intake form (intake_date, age) and the
#   assignment form (therapist) - no SRS or ORS, so it is not a session;
# - event therapy_arm_1, a repeating event: one row per session, redcap_repeat_instance 1..m,
#   session form (session_datetime "YYYY-MM-DD HH:MM", srs_1..srs_4, ors_1..ors_4); the
#   assignment form is on this event too but filled only at a change of therapist, so the
#   therapist field is empty on every other session row (REDCap exports a static field on
#   the event where it was entered);
# - event followup_arm_1 (not repeating, empty instance): the session form with the ORS only.
# The audit reads it with --session redcap_event_name --session redcap_repeat_instance, or
# --session session_datetime, and must give the twin's numbers.

here <- "Tests/RapportCLITests/Fixtures/redcap"
demo <- read.csv("Datasets/srs-ors-sessions.csv", colClasses = "character")
clients <- sprintf("C%04d", 1:12)
d <- demo[demo$client %in% clients, ]
srs <- sprintf("srs_%d", 1:4)
ors <- sprintf("ors_%d", 1:4)

# Therapist switches.
d$therapist[d$client == "C0004" & as.integer(d$session) >= 5] <- "T07"
d$therapist[d$client == "C0010" & as.integer(d$session) >= 6] <- "T03"
# Follow-up: the last session of long treatments has the ORS only.
n <- table(d$client)
d$followup <- FALSE
for (cl in names(n)[n >= 10]) {
  last <- which(d$client == cl & as.integer(d$session) == n[[cl]])
  d$followup[last] <- TRUE
  d[last, srs] <- ""
}
stopifnot(all(rowSums(d[c(srs, ors)] != "") > 0))   # every twin row is a session

twin <- d[c("client", "therapist", "session", srs, ors)]
twin$client <- sprintf("101-%04d", match(twin$client, clients))   # the REDCap record IDs
write.csv(twin, file.path(here, "srs-ors-twin.csv"), row.names = FALSE, quote = FALSE)

fields <- c("record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
            "intake_date", "age", "intake_complete", "therapist", "assignment_complete",
            "session_datetime", srs, ors, "session_complete")
blank <- function() setNames(as.list(rep("", length(fields))), fields)
out <- list()
for (k in seq_along(clients)) {
  rows <- d[d$client == clients[k], ]
  id <- sprintf("101-%04d", k)
  s <- blank()
  s$record_id <- id
  s$redcap_event_name <- "screening_arm_1"
  s$intake_date <- format(as.Date(rows$date[1]) - 7)
  s$age <- as.character(24 + (k * 7) %% 40)
  s$intake_complete <- "2"
  s$therapist <- rows$therapist[1]
  s$assignment_complete <- "2"
  out[[length(out) + 1]] <- s
  time <- sprintf("%02d:%s", 9 + (k %% 8), c("00", "30")[k %% 2 + 1])
  instance <- 0
  for (i in seq_len(nrow(rows))) {
    r <- rows[i, ]
    s <- blank()
    s$record_id <- id
    if (r$followup) {
      s$redcap_event_name <- "followup_arm_1"
    } else {
      instance <- instance + 1
      s$redcap_event_name <- "therapy_arm_1"
      s$redcap_repeat_instance <- as.character(instance)
      if (i > 1 && r$therapist != rows$therapist[i - 1]) {
        s$therapist <- r$therapist
        s$assignment_complete <- "2"
      }
    }
    s$session_datetime <- paste(r$date, time)
    for (f in c(srs, ors)) s[[f]] <- r[[f]]
    s$session_complete <- "2"
    out[[length(out) + 1]] <- s
  }
}
export <- do.call(rbind.data.frame, out)
write.csv(export, file.path(here, "redcap-longitudinal.csv"), row.names = FALSE, quote = FALSE, na = "")
cat(nrow(twin), "twin rows,", nrow(export), "REDCap rows\n")

# Reference numbers of the twin (redcap-reference.json), the conventions of
# Tests/RapportTests/Fixtures/audit/make-audit-reference.R with sessions attributed to their
# own therapist: SRS/ORS totals = item sums (missing when an item is); one client mean per
# client and therapist (aggregate() groups by both, so a client who switched is a client of
# each therapist, with the sessions they had there); ICC(1) with Searle's n0 over those means;
# therapist mean = mean of those client means with a 95% t interval; sessions per therapist;
# reliable ORS improvement (last - first >= 5, the definition's points) counted for the
# therapist of the client's last ORS administration.
suppressMessages(library(jsonlite))
t <- read.csv(file.path(here, "srs-ors-twin.csv"), stringsAsFactors = FALSE)
t$srs <- rowSums(t[srs]); t$ors <- rowSums(t[ors])
cm <- aggregate(srs ~ client + therapist, data = t, FUN = mean)
fit <- anova(lm(srs ~ factor(therapist), data = cm))
msb <- fit[["Mean Sq"]][1]; msw <- fit[["Mean Sq"]][2]
ni <- table(cm$therapist); N <- sum(ni); g <- length(ni)
n0 <- (N - sum(ni^2) / N) / (g - 1)
icc1 <- (msb - msw) / (msb + (n0 - 1) * msw)
judged <- do.call(rbind, lapply(split(t, t$client), function(x) {
  x <- x[order(x$session), ]; o <- which(!is.na(x$ors))
  if (length(o) < 2) return(NULL)
  data.frame(therapist = x$therapist[o[length(o)]], improved = x$ors[o[length(o)]] - x$ors[o[1]] >= 5)
}))
th <- lapply(split(cm, cm$therapist), function(x) {
  m <- mean(x$srs); h <- if (nrow(x) > 1) qt(0.975, nrow(x) - 1) * sd(x$srs) / sqrt(nrow(x)) else NA
  name <- x$therapist[1]
  list(clients = nrow(x), sessions = sum(t$therapist == name), mean = m, lower = m - h, upper = m + h,
       reliability = nrow(x) * icc1 / (1 + (nrow(x) - 1) * icc1),
       improved = if (any(judged$therapist == name)) mean(judged$improved[judged$therapist == name]) else NA)
})
changes <- sum(sapply(split(t, t$client), function(x) sum(head(x$therapist, -1) != tail(x$therapist, -1))))
ref <- list(icc1 = icc1, F = fit[["F value"]][1], df1 = fit$Df[1], df2 = fit$Df[2], p = fit[["Pr(>F)"]][1],
            therapists = th, therapistChanges = changes,
            srsGiven = sum(!is.na(t$srs)), orsGiven = sum(!is.na(t$ors)), sessions = nrow(t),
            screeningRows = sum(export$redcap_event_name == "screening_arm_1"))
writeLines(toJSON(ref, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), file.path(here, "redcap-reference.json"))
