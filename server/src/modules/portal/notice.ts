import type { Notice } from '../../../../contracts/portal.ts';

/**
 * The personal-information notice of the portal (个人信息处理告知书, PIPL art. 17) and the separate
 * notice for sensitive information (art. 29–30). Versioned here, in the repository: any change of
 * the text must bump NOTICE_VERSION, and every talent is then asked to consent again (their
 * consent records name the version they agreed to).
 */
export const NOTICE_VERSION = '2026-1';
export const NOTICE_EFFECTIVE = '2026-01-01';

export function noticeFor(cityName: string | null): Notice {
  const city = cityName ?? '本市';
  const office = `中共${city}委人才工作领导小组办公室（${city}委人才办）`;
  return {
    version: NOTICE_VERSION,
    effectiveDate: NOTICE_EFFECTIVE,
    title: '个人信息处理告知书',
    controller: office,
    sections: [
      {
        heading: '一、谁处理您的个人信息',
        body: `“一家人云服务平台”由${office}运营。您的信息由市委人才办和您选择的籍贯县（市、区）委人才办共同使用。`,
      },
      {
        heading: '二、为什么处理',
        body: '为了联系和服务在外乡贤：向您推送家乡的政策、岗位和活动信息，办理您在平台提出的咨询和求助，邀请您参加招聘会、乡贤活动，以及统计在外人才情况以改进人才工作。我们不会将您的信息用于上述目的以外的用途，也不会出售您的信息。',
      },
      {
        heading: '三、处理哪些信息',
        body: '账号信息：手机号码或电子邮箱、密码（仅保存不可逆的摘要）。登记信息：姓名、性别、出生日期、民族、籍贯、联系电话、电子邮箱、微信号、现居地、工作单位、职务、行业、专业领域、学历、毕业院校、职称、人才类别、荣誉称号、所属商会。您在“我要求助”中填写的内容。',
      },
      {
        heading: '四、谁能看到',
        body: '市委人才办可查看全市人才信息；县（市、区）委人才办只能查看本县（市、区）人才的信息；驻外人才工作站、热线坐席、联系领导只能在各自职责范围内查看，且电话和证件号码默认脱敏显示，查看完整号码会被记录在审计日志中。我们不会向其他单位或个人提供您的信息，法律法规另有规定的除外。',
      },
      {
        heading: '五、保存多久',
        body: '您的信息在您与家乡保持联系期间保存；您注销账号或要求删除后，我们将在 30 日内删除或匿名化处理，法律法规要求保存的除外。验证码在 10 分钟后失效。',
      },
      {
        heading: '六、您的权利和撤回方式',
        body: '您可以随时在“我的权利”中：下载您的全部个人信息（JSON 和可打印网页）；申请更正；申请删除；撤回对敏感个人信息或全部个人信息的同意。撤回同意不影响撤回前基于同意已进行的处理。我们将在 30 日内答复您的申请。',
      },
      {
        heading: '七、如何保护',
        body: '手机号码、证件号码加密存储，系统按等级保护第三级要求进行访问控制和审计。如发生个人信息安全事件，我们将依法告知您。',
      },
      {
        heading: '八、联系我们',
        body: `如有疑问，可通过平台“我要求助”或返乡热线联系${city}委人才办。`,
      },
    ],
    sensitive: {
      heading: '敏感个人信息单独告知（身份证件号码）',
      body: '身份证件号码属于敏感个人信息。我们处理它仅用于准确识别您、避免重复登记，并在您申请人才政策待遇时核验身份。号码加密存储，仅市、县两级人才办经授权可查看完整号码，每次查看均记录在审计日志。不同意不影响您使用平台的其他功能，只是不能填写证件号码；您可以随时撤回此项同意，撤回后我们将删除您的证件号码。',
    },
  };
}
