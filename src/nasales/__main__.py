from nasales.cli import main

main()
