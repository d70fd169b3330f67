/**
 * Passwords (and base words) too common to allow, shipped with the project (等保 §8.1.4.1: password
 * complexity; OWASP ASVS 2.1.7: check against breached/common passwords). Compared case-insensitively;
 * a password whose letters alone form one of BASE_WORDS (Password@2026 → "password") is refused too.
 */
export const COMMON_PASSWORDS = new Set([
  '123456', '123456789', '12345678', '1234567890', '111111', '000000', '123123', '654321', '666666', '888888',
  'password', 'password1', 'password123', 'p@ssw0rd', 'p@ssw0rd123', 'p@ssw0rd!', 'passw0rd!', 'password@123', 'password@2024',
  'password@2025', 'password@2026', 'admin123', 'admin@123', 'admin@12345', 'admin@123456', 'admin123456', 'administrator',
  'qwerty', 'qwerty123', 'qwerty@123', 'qwerty@1234', 'qwer1234', 'qwer@1234', 'qwe123!@#', '1qaz2wsx', '1qaz@wsx', '1qaz@wsx3edc',
  '1qaz2wsx3edc', 'zaq1@wsx', 'zaq12wsx', 'abc123', 'abc@123', 'abc@123456', 'abcd1234', 'abcd@1234', 'abcd@123456', 'aa123456',
  'aa123456789', 'aa@123456', 'a123456', 'a123456789', 'a1234567890', 'a@123456', 'a@1234567', 'aa112233', 'asd123', 'asdf1234',
  'asdf@1234', 'asdfghjkl', 'zxcvbnm', 'zxcvbnm123', 'iloveyou', 'iloveyou1', 'woaini', 'woaini1314', 'woaini520', 'woaini@1314',
  '5201314', '1314520', 'qq123456', 'qq@123456', 'welcome', 'welcome1', 'welcome@123', 'welcome@2026', 'changeme', 'changeme@123',
  'letmein', 'monkey', 'dragon', 'sunshine', 'princess', 'football', 'baseball', 'master', 'shadow', 'superman', 'batman',
  'trustno1', 'test123', 'test@123', 'test@123456', 'root123', 'root@123', 'root@123456', 'system', 'system@123', 'sysadmin',
  'huawei@123', 'huawei123', 'huawei@2026', 'china123', 'china@123', 'zhongguo', 'zhongguo123', 'beijing', 'beijing2008',
  'shanghai', 'wangwei', 'zhangwei', 'liuwei', 'lilei', 'hanmeimei', 'xiaoming', 'baobao', 'aini1314', 'xiaobai',
  'ab123456', 'abc123456', 'abc12345678', '123qwe', '123qweasd', '123qwe!@#', '123abc', '123456a', '123456aa', '123456abc',
  '1234qwer', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e', 'q1w2e3r4', 'q1w2e3r4t5', 'qazwsx', 'qazwsxedc', 'qwertyuiop', 'ok123456',
  'gov@123456', 'zf@123456', 'rcb@123456', 'rencai@123', 'rencai123', 'fenggui', 'fenggui123', 'fenggui@123',
]);

export const BASE_WORDS = new Set([
  'password', 'passw', 'pass', 'admin', 'administrator', 'qwerty', 'qwer', 'asdf', 'zxcv', 'abc', 'abcd', 'abcdef', 'welcome',
  'changeme', 'letmein', 'iloveyou', 'woaini', 'test', 'root', 'system', 'sysadmin', 'user', 'guest', 'huawei', 'china',
  'zhongguo', 'qq', 'aa', 'a', 'qaz', 'qazwsx', 'qwe', 'qweasd', 'wsx', 'zaq', 'login', 'secret', 'default', 'rencai', 'gov', 'zf',
]);
