from csc_scorecard.cli import main

main()
