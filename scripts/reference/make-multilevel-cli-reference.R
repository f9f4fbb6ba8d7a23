# Reference values for `rapport reliability --client --session` (issue 15 §3): psych 2.2.9 mlr
# on a balanced clients x sessions x items file, and nlme's REML (psych's lme option, full
# precision) on the bundled unbalanced SRS session file. Run from the repository root:
#   Rscript scripts/reference/make-multilevel-cli-reference.R
# Writes Tests/RapportCLITests/Fixtures/multilevel/{balanced.csv,reference.json}.
suppressMessages({ library(psych); library(nlme) })
stopifnot(packageVersion("psych") == "2.2.9")
source("Tests/RapportStatisticsTests/Fixtures/json17.R")
dir <- "Tests/RapportCLITests/Fixtures/multilevel"
dir.create(dir, showWarnings = FALSE)
exact <- function(long, nt, k) {
  # Tight convergence: the REML surface is flat in the client variance (nlme's default stop is
  # ~1e-5 relative from the optimum, as is lmer's); the tight fit is the reference.
  a <- lme(values ~ 1, random = ~ 1 | id / time, data = long, na.action = na.omit,
           control = lmeControl(tolerance = 1e-12, msTol = 1e-14, niterEM = 0, msMaxIter = 1000, maxIter = 1000))
  s2 <- a$sigma^2; pd <- pdMatrix(a$modelStruct$reStruct)
  vid <- pd$id[1, 1] * s2; vt <- pd$time[1, 1] * s2
  list(id = vid, idTime = vt, residual = s2, RkRn = vid / (vid + vt / nt + s2 / (nt * k)), Rcn = vt / (vt + s2 / k))
}
# Balanced: 25 clients x 5 sessions x 4 items on 0..10; item 4 stored reversed (10 - x).
set.seed(77)
np <- 25; nt <- 5; k <- 4
d <- expand.grid(session = 1:nt, client = sprintf("C%03d", 1:np), stringsAsFactors = FALSE)
p <- rnorm(np); pt <- rnorm(np * nt, sd = 0.7)
for (j in 1:k) d[[paste0("i", j)]] <- pmin(10, pmax(0, round(5 + 1.5 * p[match(d$client, unique(d$client))] + pt + rnorm(np * nt))))
keyed <- d
d$i4 <- 10 - d$i4
write.csv(d[, c("client", "session", paste0("i", 1:k))], file.path(dir, "balanced.csv"), row.names = FALSE)
keyed$id <- match(keyed$client, unique(keyed$client))
m <- suppressWarnings(mlr(keyed[, c("id", "session", paste0("i", 1:k))], grp = "id", Time = "session", items = 3:6,
                          alpha = FALSE, plot = FALSE))
cmp <- m$components
balanced <- list(RkF = m$RkF, R1R = m$R1R, RkR = m$RkR, Rc = m$Rc,
                 components = list(ID = cmp["ID", 1], Time = cmp["Time", 1], Items = cmp["Items", 1],
                                   `ID x time` = cmp["ID x time", 1], `ID x items` = cmp["ID x items", 1],
                                   `time x items` = cmp["time x items", 1], Residual = cmp["Residual", 1]),
                 reml = exact(m$long, nt, k))
# The bundled SRS sessions (unbalanced: clients have different numbers of sessions).
s <- read.csv("Datasets/srs-ors-sessions.csv")
s <- s[order(s$client, s$session), ]
s$time <- ave(s$session, s$client, FUN = seq_along)
s$id <- match(s$client, unique(s$client))
ms <- suppressWarnings(mlr(s[, c("id", "time", paste0("srs_", 1:4))], grp = "id", Time = "time", items = 3:6,
                           alpha = FALSE, aov = FALSE, plot = FALSE))
srs <- list(clients = length(unique(s$id)), times = max(s$time), reml = exact(ms$long, max(s$time), 4),
            psychRkRn = ms$RkRn, psychRcn = ms$Rcn)
write17(list(balanced = balanced, srs = srs), file.path(dir, "reference.json"))
