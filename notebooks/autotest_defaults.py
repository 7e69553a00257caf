"""The autotests.yml that nbgrader 0.9.6 ships (``nbgrader/docs/source/user_guide/autotests.yml``,
the file ``nbgrader quickstart --autotest`` copies into a new course), used for notebooks uploaded
with AUTOTEST directives and no autotests.yml of their own.

Its ``python3`` and ``python`` sections, unchanged (the ``ir`` section is left out: Manabi grades
Python notebooks only). nbgrader is BSD-3-Clause licensed, Copyright (c) 2014 Project Jupyter
Contributors; the licence text is in shared/fixtures/nbgrader/LICENSE.
"""

NBGRADER_AUTOTESTS_YML = '''\
python3:
    setup: "from hashlib import sha1"
    hash: 'sha1({{snippet}}.encode("utf-8")+b"{{salt}}").hexdigest()'
    dispatch: "type({{snippet}})"
    normalize: "str({{snippet}})"
    check: 'assert {{snippet}} == """{{value}}""", """{{message}}"""'
    success: "print('Success!')"

    templates:
        default:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not correct"

            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"

        int:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not int. Please make sure it is int and not np.int64, etc. You can cast your value into an int using int()"

            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"

        float:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not float. Please make sure it is float and not np.float64, etc. You can cast your value into a float using float()"

            - test: "round({{snippet}}, 2)"
              fail: "value of {{snippet}} is not correct (rounded to 2 decimal places)"

        set:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not set. {{snippet}} should be a set"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"

        list:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not list. {{snippet}} should be a list"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "sorted(map(str, {{snippet}}))"
              fail: "values of {{snippet}} are not correct"

            - test: "{{snippet}}"
              fail: "order of elements of {{snippet}} is not correct"

        tuple:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not tuple. {{snippet}} should be a tuple"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "sorted(map(str, {{snippet}}))"
              fail: "values of {{snippet}} are not correct"

            - test: "{{snippet}}"
              fail: "order of elements of {{snippet}} is not correct"

        str:

            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not str. {{snippet}} should be an str"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "{{snippet}}.lower()"
              fail: "value of {{snippet}} is not correct"

            - test: "{{snippet}}"
              fail: "correct string value of {{snippet}} but incorrect case of letters"

        dict:

            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not dict. {{snippet}} should be a dict"

            - test: "len(list({{snippet}}.keys()))"
              fail: "number of keys of {{snippet}} is not correct"

            - test: "sorted(map(str, {{snippet}}.keys()))"
              fail: "keys of {{snippet}} are not correct"

            - test: "sorted(map(str, {{snippet}}.values()))"
              fail: "correct keys, but values of {{snippet}} are not correct"

            - test: "{{snippet}}"
              fail: "correct keys and values, but incorrect correspondence in keys and values of {{snippet}}"

        bool:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not bool. {{snippet}} should be a bool"

            - test: "{{snippet}}"
              fail: "boolean value of {{snippet}} is not correct"

        type:
            - test: "{{snippet}}"
              fail: "type of {{snippet}} is not correct"

        pandas.core.frame.DataFrame:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not pandas.core.frame.DataFrame. {{snippet}} should be a DataFrame"

            - test: "{{snippet}}.reindex(sorted({{snippet}}.columns), axis=1)"
              fail: "some or all elements of {{snippet}} are not correct"

python:
    setup: "from hashlib import sha1"
    hash: 'sha1({{snippet}}.encode("utf-8")+b"{{salt}}").hexdigest()'
    dispatch: "type({{snippet}})"
    normalize: "str({{snippet}})"
    check: 'assert {{snippet}} == """{{value}}""", """{{message}}"""'
    success: "print('Success!')"

    templates:
        default:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not correct"

            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"

        int:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not int. Please make sure it is int and not np.int64, etc. You can cast your value into an int using int()"

            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"

        float:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not float. Please make sure it is float and not np.float64, etc. You can cast your value into a float using float()"

            - test: "round({{snippet}}, 2)"
              fail: "value of {{snippet}} is not correct (rounded to 2 decimal places)"

        set:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not set. {{snippet}} should be a set"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"

        list:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not list. {{snippet}} should be a list"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "sorted(map(str, {{snippet}}))"
              fail: "values of {{snippet}} are not correct"

            - test: "{{snippet}}"
              fail: "order of elements of {{snippet}} is not correct"

        tuple:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not tuple. {{snippet}} should be a tuple"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "sorted(map(str, {{snippet}}))"
              fail: "values of {{snippet}} are not correct"

            - test: "{{snippet}}"
              fail: "order of elements of {{snippet}} is not correct"

        str:

            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not str. {{snippet}} should be an str"

            - test: "len({{snippet}})"
              fail: "length of {{snippet}} is not correct"

            - test: "{{snippet}}.lower()"
              fail: "value of {{snippet}} is not correct"

            - test: "{{snippet}}"
              fail: "correct string value of {{snippet}} but incorrect case of letters"

        dict:

            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not dict. {{snippet}} should be a dict"

            - test: "len(list({{snippet}}.keys()))"
              fail: "number of keys of {{snippet}} is not correct"

            - test: "sorted(map(str, {{snippet}}.keys()))"
              fail: "keys of {{snippet}} are not correct"

            - test: "sorted(map(str, {{snippet}}.values()))"
              fail: "correct keys, but values of {{snippet}} are not correct"

            - test: "{{snippet}}"
              fail: "correct keys and values, but incorrect correspondence in keys and values of {{snippet}}"

        bool:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not bool. {{snippet}} should be a bool"

            - test: "{{snippet}}"
              fail: "boolean value of {{snippet}} is not correct"

        type:
            - test: "{{snippet}}"
              fail: "type of {{snippet}} is not correct"

        pandas.core.frame.DataFrame:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}} is not pandas.core.frame.DataFrame. {{snippet}} should be a DataFrame"

            - test: "{{snippet}}.reindex(sorted({{snippet}}.columns), axis=1)"
              fail: "some or all elements of {{snippet}} are not correct"
'''
