# Times R data.table::fread + psych::scoreItems (impute = "none") on the same file.
# Usage: Rscript psych_scoreitems.R FILE
suppressMessages({ library(data.table); library(psych) })
args <- commandArgs(trailingOnly = TRUE)
x <- fread(args[1], showProgress = FALSE)
items <- grep("^waisr_[0-9]+$", names(x), value = TRUE)
keys <- list(task = items[c(1, 2, 10, 12)], bond = items[c(3, 5, 7, 9)],
             goal = items[c(4, 6, 8, 11)], total = items)
s <- psych::scoreItems(keys, as.data.frame(x[, ..items]), impute = "none")
cat(sprintf("alpha_total %.6f\n", s$alpha[4]))
