# Reference values for MultilevelReliability: psych 2.2.9 mlr() on a balanced persons x times
# x items design (aov route: components, RkF, R1R, RkR, Rc) and nlme's REML fit of the nested
# model psych's lme option uses (values ~ 1, random = ~ 1 | id/time), on the balanced data and
# on an unbalanced version (persons with fewer sessions, unanswered items). nlme components are
# taken at full precision (pdMatrix x sigma^2), not through VarCorr's 7-digit text.
#
#   Rscript make-multilevel-reference.R   (writes multilevel-reference.json next to this script)
suppressMessages({ library(psych); library(nlme) })
stopifnot(packageVersion("psych") == "2.2.9")
here <- tryCatch(dirname(sys.frame(1)$ofile), error = function(e) NULL)
if (is.null(here)) {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  here <- if (length(f)) dirname(f) else "."
}
source(file.path(here, "json17.R"))
set.seed(2026)
np <- 40; nt <- 6; k <- 4
d <- expand.grid(time = 1:nt, id = 1:np)
p <- rnorm(np); pt <- rnorm(np * nt, sd = 0.6)
it <- c(0, 0.3, -0.2, 0.1)
for (j in 1:k) d[[paste0("i", j)]] <- round(5 + 1.2 * p[d$id] + pt + it[j] + rnorm(np * nt, sd = 0.8))
exact <- function(long, nt, k) {
  # Tight convergence: the REML surface is flat in the client variance (nlme's default stop is
  # ~1e-5 relative from the optimum, as is lmer's); the tight fit is the reference.
  a <- lme(values ~ 1, random = ~ 1 | id / time, data = long, na.action = na.omit,
           control = lmeControl(tolerance = 1e-12, msTol = 1e-14, niterEM = 0, msMaxIter = 1000, maxIter = 1000))
  s2 <- a$sigma^2
  pd <- pdMatrix(a$modelStruct$reStruct)
  vid <- pd$id[1, 1] * s2; vt <- pd$time[1, 1] * s2
  list(id = vid, idTime = vt, residual = s2,
       rkrn = vid / (vid + vt / nt + s2 / (nt * k)), rcn = vt / (vt + s2 / k))
}
nested <- function(x) {
  lapply(split(x, x$id), function(pp) unname(lapply(seq_len(nrow(pp)), function(i) unname(as.numeric(pp[i, 3:(2 + k)])))))
}
m <- suppressWarnings(mlr(d, grp = "id", Time = "time", items = 3:(2 + k), alpha = FALSE, plot = FALSE))
cmp <- m$components
balanced <- list(
  data = unname(nested(d)),
  components = list(id = cmp["ID", 1], time = cmp["Time", 1], items = cmp["Items", 1],
                    idTime = cmp["ID x time", 1], idItems = cmp["ID x items", 1],
                    timeItems = cmp["time x items", 1], residual = cmp["Residual", 1]),
  RkF = m$RkF, R1R = m$R1R, RkR = m$RkR, Rc = m$Rc, psychRkRn = m$RkRn, psychRcn = m$Rcn,
  reml = exact(m$long, nt, k))
# Unbalanced: the last 10 persons lose their last 2 sessions; 5% of item answers missing.
u <- d[!(d$id > 30 & d$time > 4), ]
miss <- matrix(runif(nrow(u) * k) < 0.05, nrow(u))
for (j in 1:k) u[[paste0("i", j)]][miss[, j]] <- NA
mu <- suppressWarnings(mlr(u, grp = "id", Time = "time", items = 3:(2 + k), alpha = FALSE, plot = FALSE))
unbalanced <- list(data = unname(nested(u)), psychRkRn = mu$RkRn, psychRcn = mu$Rcn,
                   reml = exact(mu$long, nt, k))
write17(list(balanced = balanced, unbalanced = unbalanced), file.path(here, "multilevel-reference.json"))
