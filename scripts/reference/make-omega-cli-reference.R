# Reference values for the end-to-end ω tests of `rapport reliability` (ω hierarchical with
# --omega-factors, ω with explicit keys, 2-item ω). psych 2.2.9, psychTools, GPArotation
# 2022.10-2 (Debian 12: apt-get install r-cran-psych r-cran-psychtools r-cran-gparotation
# r-cran-jsonlite). Run from the repository root:
#   Rscript scripts/reference/make-omega-cli-reference.R
# Writes Tests/RapportCLITests/Fixtures/omega/{three-factor,epi-imp,msqr-guilt}.csv and
# reference.json. bfi uses the committed Tests/RapportStatisticsTests/Fixtures/bfi-items.csv.
suppressMessages({ library(psych); library(psychTools); library(GPArotation) })
stopifnot(packageVersion("psych") == "2.2.9")
source("Tests/RapportStatisticsTests/Fixtures/json17.R")
dir <- "Tests/RapportCLITests/Fixtures/omega"
dir.create(dir, showWarnings = FALSE)
om <- function(x, m, key) suppressWarnings(suppressMessages(omega(x, nfactors = m, key = key, plot = FALSE)))
hier <- function(x, m, key) {
  o <- om(x, m, key)
  list(omegaH = o$omega_h, total = o$omega.tot, limit = o$omega.lim,
       general = as.vector(o$schmid$sl[, "g"]),
       groupTotal = unname(o$omega.group$total), groupGeneral = unname(o$omega.group$general),
       groupGroup = unname(o$omega.group$group))
}
out <- list()

# bfi, 25 items, 5 factors; keys as psych's bfi.keys (A1 C4 C5 E1 E2 O2 O5 reversed).
bfi25 <- read.csv("Tests/RapportStatisticsTests/Fixtures/bfi-items.csv")
stopifnot(nrow(bfi25) == 2800, ncol(bfi25) == 25)
kb <- ifelse(colnames(bfi25) %in% c("A1", "C4", "C5", "E1", "E2", "O2", "O5"), -1, 1)
out$bfi5 <- c(hier(bfi25, 5, kb), list(omegaTotal1 = om(bfi25, 1, kb)$omega.tot))

# A seeded 3-factor (bifactor) set: 12 items on 1..7, general 0.6 + group 0.45 loadings,
# groups items 1-4, 5-8, 9-12; item 6 is stored reverse-coded (8 - x) and keyed back with
# '-'; 2% of cells missing.
set.seed(20261202)
n <- 600
g <- rnorm(n); grp <- matrix(rnorm(n * 3), n)
x <- sapply(1:12, function(j) {
  z <- 0.6 * g + 0.45 * grp[, (j - 1) %/% 4 + 1] + sqrt(1 - 0.6^2 - 0.45^2) * rnorm(n)
  as.numeric(cut(z, c(-Inf, -1.5, -0.9, -0.3, 0.3, 0.9, 1.5, Inf)))
})
x[, 6] <- 8 - x[, 6]
x[matrix(runif(n * 12) < 0.02, n)] <- NA
colnames(x) <- paste0("t", 1:12)
write.csv(x, file.path(dir, "three-factor.csv"), row.names = FALSE, na = "")
k3 <- ifelse(1:12 == 6, -1, 1)
out$threeFactor <- c(hier(as.data.frame(x), 3, k3), list(omegaTotal1 = om(as.data.frame(x), 1, k3)$omega.tot))

# psychTools epi, scale Imp (epi.keys): a keyed item still loads negatively. psych's omega
# with key sums it as keyed; without key it flips it.
data(epi, package = "psychTools")
imp <- c("V1", "V3", "V8", "V10", "V13", "V22", "V39", "V5", "V41")
ki <- c(rep(1, 7), -1, -1)
e <- epi[, imp]
write.csv(e, file.path(dir, "epi-imp.csv"), row.names = FALSE, na = "")
oe <- om(e, 1, ki)
ef <- suppressWarnings(suppressMessages(omega(sweep(e, 2, ki, "*"), nfactors = 1, plot = FALSE)))
out$epiImp <- list(total = oe$omega.tot, flippedTotal = ef$omega.tot,
                   loadings = as.vector(oe$schmid$sl[, "g"]))

# psychTools msqR, a 2-item scale (guilty, ashamed; 0..3).
data(msqR, package = "psychTools")
gu <- msqR[, c("guilty", "ashamed")]
write.csv(gu, file.path(dir, "msqr-guilt.csv"), row.names = FALSE, na = "")
og <- om(gu, 1, c(1, 1))
r <- cor(gu, use = "pairwise")[1, 2]
out$msqrGuilt <- list(total = og$omega.tot, r = r, spearmanBrown = 2 * r / (1 + r))

write17(out, file.path(dir, "reference.json"))
