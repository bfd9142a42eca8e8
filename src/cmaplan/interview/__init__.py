"""The interview of `cmaplan init`: its questions as data (questions), the walk through
them (flow) and the terminal front end (asking, imported only when a person is asked)."""
